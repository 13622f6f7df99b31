-- Accounts (AC1–AC4), SQLite. Keep in step with ../postgres/0003_accounts.sql.
-- An account is a person: one email and one password over the installation.
-- A staff member (`users`) is an account's membership of one company; the
-- deal desk's contact links will hang off accounts too.

CREATE TABLE accounts (
    id            TEXT    NOT NULL PRIMARY KEY,
    email         TEXT    NOT NULL,
    -- the email lower-cased by the store: unique across the installation
    email_key     TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    language      TEXT    NOT NULL,
    password_hash TEXT,
    created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email_key);

-- Every existing staff member becomes an account with the same id.
INSERT INTO accounts (id, email, email_key, name, language, password_hash, created_at)
    SELECT id, email, email_key, name, language, password_hash, created_at FROM users;

ALTER TABLE users ADD COLUMN account_id TEXT REFERENCES accounts (id);
UPDATE users SET account_id = id;
CREATE UNIQUE INDEX users_company_account ON users (company_id, account_id);
CREATE INDEX users_account ON users (account_id);

DROP INDEX users_email_key;
DROP INDEX users_company_name;
ALTER TABLE users DROP COLUMN email;
ALTER TABLE users DROP COLUMN email_key;
ALTER TABLE users DROP COLUMN name;
ALTER TABLE users DROP COLUMN language;
ALTER TABLE users DROP COLUMN password_hash;

-- Staff members as the rest of the store reads them: the membership with
-- its account's email, name, language and password.
CREATE VIEW staff AS
    SELECT u.id, u.company_id, a.email, a.name, u.role, u.active, u.share_all_clients,
           u.perm_view, u.perm_payments, u.perm_documents, u.perm_packages,
           u.perm_hide_email, u.perm_hide_phone, u.perm_edit_rights,
           u.perm_list_all_clients, a.language, u.created_at,
           u.account_id, a.email_key, a.password_hash
    FROM users u JOIN accounts a ON a.id = u.account_id;

-- Single-use links (AC1 invitations, AC2 password resets, AC3 email
-- changes): only the sha256 of the token is kept.
CREATE TABLE account_links (
    token_hash      BLOB    NOT NULL PRIMARY KEY,
    -- `invitation`, `password_reset` or `email_change`
    purpose         TEXT    NOT NULL,
    account_id      TEXT    NOT NULL REFERENCES accounts (id),
    -- invitations: the inviting company, `staff` or `contact`, and who sent it
    company_id      TEXT REFERENCES companies (id),
    invitation_kind TEXT,
    invited_by      TEXT REFERENCES users (id),
    -- email changes: the address that becomes the login
    new_email       TEXT,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER,
    -- a newer link of the same purpose replaced this one
    ended_at        INTEGER
);
CREATE INDEX account_links_open ON account_links (account_id, purpose)
    WHERE used_at IS NULL AND ended_at IS NULL;

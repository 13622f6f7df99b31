-- casegate's schema (SQLite). Keep in step with ../postgres/0001_initial.sql:
-- same tables, columns and indexes. Column types are limited to what sqlx's
-- Any driver maps on SQLite: INTEGER, TEXT, BLOB. Ids are hyphenated UUID
-- text, timestamps are microseconds since the Unix epoch (UTC), booleans are
-- 0/1, enums are their wire names, tags/changes/details are JSON text.

CREATE TABLE companies (
    id                    TEXT    NOT NULL PRIMARY KEY,
    name                  TEXT    NOT NULL,
    default_language      TEXT    NOT NULL,
    timezone              TEXT    NOT NULL,
    client_access_enabled INTEGER NOT NULL,
    allow_access_requests INTEGER NOT NULL,
    allow_sharing         INTEGER NOT NULL,
    new_client_access     TEXT    NOT NULL,
    created_at            INTEGER NOT NULL
);

CREATE TABLE users (
    id                    TEXT    NOT NULL PRIMARY KEY,
    company_id            TEXT    NOT NULL REFERENCES companies (id),
    email                 TEXT    NOT NULL,
    -- the email lower-cased by the store: unique across the installation
    email_key             TEXT    NOT NULL,
    name                  TEXT    NOT NULL,
    role                  TEXT    NOT NULL,
    active                INTEGER NOT NULL,
    share_all_clients     INTEGER NOT NULL,
    perm_view             TEXT    NOT NULL,
    perm_payments         INTEGER NOT NULL,
    perm_documents        INTEGER NOT NULL,
    perm_packages         INTEGER NOT NULL,
    perm_hide_email       INTEGER NOT NULL,
    perm_hide_phone       INTEGER NOT NULL,
    perm_edit_rights      INTEGER NOT NULL,
    perm_list_all_clients INTEGER NOT NULL,
    language              TEXT    NOT NULL,
    password_hash         TEXT,
    created_at            INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email_key);
CREATE INDEX users_company_name ON users (company_id, name, id);

CREATE TABLE tokens (
    token_hash BLOB    NOT NULL PRIMARY KEY,
    company_id TEXT    NOT NULL REFERENCES companies (id),
    user_id    TEXT    NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE groups (
    id         TEXT    NOT NULL PRIMARY KEY,
    company_id TEXT    NOT NULL REFERENCES companies (id),
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX groups_live_name ON groups (company_id, name) WHERE deleted_at IS NULL;

CREATE TABLE memberships (
    id          TEXT    NOT NULL PRIMARY KEY,
    company_id  TEXT    NOT NULL REFERENCES companies (id),
    group_id    TEXT    NOT NULL REFERENCES groups (id),
    user_id     TEXT    NOT NULL REFERENCES users (id),
    added_by    TEXT REFERENCES users (id),
    added_at    INTEGER NOT NULL,
    removed_by  TEXT REFERENCES users (id),
    removed_at  INTEGER,
    removed_how TEXT
);
CREATE INDEX memberships_group ON memberships (group_id, added_at, id);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE UNIQUE INDEX memberships_open ON memberships (group_id, user_id) WHERE removed_at IS NULL;

CREATE TABLE clients (
    id         TEXT    NOT NULL PRIMARY KEY,
    company_id TEXT    NOT NULL REFERENCES companies (id),
    name       TEXT    NOT NULL,
    email      TEXT,
    phone      TEXT,
    tags       TEXT    NOT NULL,
    owner_id   TEXT    NOT NULL REFERENCES users (id),
    restricted INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users (id)
);
CREATE INDEX clients_company ON clients (company_id);

CREATE TABLE shares (
    id           TEXT    NOT NULL PRIMARY KEY,
    company_id   TEXT    NOT NULL REFERENCES companies (id),
    client_id    TEXT    NOT NULL REFERENCES clients (id),
    -- `user`, `group` or `company`; subject_id is NULL for `company`
    subject_type TEXT    NOT NULL,
    subject_id   TEXT,
    granted_by   TEXT REFERENCES users (id),
    granted_at   INTEGER NOT NULL,
    granted_how  TEXT    NOT NULL,
    revoked_by   TEXT REFERENCES users (id),
    revoked_at   INTEGER,
    revoked_how  TEXT
);
CREATE INDEX shares_client ON shares (client_id, granted_at, id);
CREATE INDEX shares_open ON shares (company_id, client_id) WHERE revoked_at IS NULL;
CREATE INDEX shares_open_subject ON shares (subject_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX shares_one_open ON shares (client_id, subject_type, COALESCE(subject_id, ''))
    WHERE revoked_at IS NULL;

CREATE TABLE access_requests (
    id           TEXT    NOT NULL PRIMARY KEY,
    company_id   TEXT    NOT NULL REFERENCES companies (id),
    client_id    TEXT    NOT NULL REFERENCES clients (id),
    requester_id TEXT    NOT NULL REFERENCES users (id),
    message      TEXT,
    status       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    decided_by   TEXT REFERENCES users (id),
    decided_at   INTEGER,
    reason       TEXT
);
CREATE INDEX access_requests_lookup ON access_requests (company_id, client_id, requester_id, status);
CREATE INDEX access_requests_company ON access_requests (company_id, status, id);
CREATE INDEX access_requests_expiry ON access_requests (expires_at) WHERE status = 'pending';
CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (client_id, requester_id)
    WHERE status = 'pending';

CREATE TABLE digest_preferences (
    company_id TEXT    NOT NULL REFERENCES companies (id),
    user_id    TEXT    NOT NULL REFERENCES users (id),
    client_id  TEXT    NOT NULL REFERENCES clients (id),
    enabled    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, client_id)
);

-- One row: the last revision handed out. Taking the next one locks the row
-- until commit, so revisions become visible in order (replicas tail the log).
CREATE TABLE revision_counter (
    id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT INTO revision_counter (id, last) VALUES (1, 0);

CREATE TABLE changes (
    revision   INTEGER NOT NULL PRIMARY KEY,
    at         INTEGER NOT NULL,
    company_id TEXT,
    change     TEXT    NOT NULL
);

-- Per company: the end of its audit hash chain (locked while appending).
CREATE TABLE audit_heads (
    company_id TEXT    NOT NULL PRIMARY KEY REFERENCES companies (id),
    last_seq   INTEGER NOT NULL,
    last_hash  TEXT    NOT NULL
);

CREATE TABLE audit_log (
    company_id    TEXT    NOT NULL REFERENCES companies (id),
    seq           INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    actor_id      TEXT,
    real_actor_id TEXT,
    action        TEXT    NOT NULL,
    target        TEXT    NOT NULL,
    details       TEXT    NOT NULL,
    prev_hash     TEXT    NOT NULL,
    hash          TEXT    NOT NULL,
    PRIMARY KEY (company_id, seq)
);

CREATE TABLE outbox (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    company_id      TEXT REFERENCES companies (id),
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;

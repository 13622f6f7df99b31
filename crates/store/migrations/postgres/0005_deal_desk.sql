-- The deal desk (SPEC Part C), PostgreSQL. Keep in step with ../sqlite/0005_deal_desk.sql.
-- Who did something is a party: `staff` (a users row of the company) or
-- `contact` (an accounts row), in a `*_by_type` / `*_by_id` pair.

-- C1: an outside entity, as one company records it.
CREATE TABLE entities (
    id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id    TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    name          TEXT NOT NULL,
    -- the name lower-cased by the store: unique per company
    name_key      TEXT COLLATE "C" NOT NULL,
    -- `lender`, `borrower`, `guarantor`, `advisor` or `other`
    kind          TEXT NOT NULL,
    -- C3: only the entity's team managers add its contacts
    self_managed  BOOLEAN NOT NULL,
    -- C9: a JSON array of lower-case domains; `[]` for any address
    email_domains TEXT NOT NULL,
    created_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX entities_company_name ON entities (company_id, name_key);

-- An entity's part in a file, with its role there; ended rows stay as history.
CREATE TABLE participations (
    company_id    TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id     TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    entity_id     TEXT COLLATE "C" NOT NULL REFERENCES entities (id),
    role          TEXT NOT NULL,
    added_by_type TEXT,
    added_by_id   TEXT COLLATE "C",
    added_at      BIGINT  NOT NULL,
    ended_by_type TEXT,
    ended_by_id   TEXT COLLATE "C",
    ended_at      BIGINT 
);
CREATE UNIQUE INDEX participations_one_open ON participations (client_id, entity_id)
    WHERE ended_at IS NULL;
CREATE INDEX participations_entity ON participations (entity_id) WHERE ended_at IS NULL;

-- C3: team managers of a self-managed entity; removed rows stay as history.
CREATE TABLE team_managers (
    company_id    TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    entity_id     TEXT COLLATE "C" NOT NULL REFERENCES entities (id),
    account_id    TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
    named_by_type TEXT,
    named_by_id   TEXT COLLATE "C",
    named_at      BIGINT  NOT NULL,
    removed_at    BIGINT 
);
CREATE UNIQUE INDEX team_managers_one_open ON team_managers (entity_id, account_id)
    WHERE removed_at IS NULL;
CREATE INDEX team_managers_account ON team_managers (account_id) WHERE removed_at IS NULL;

-- C2, C5: a file given to a contact through an entity. Never deleted:
-- revoking sets `revoked_*`; giving access again is a new row.
CREATE TABLE contact_shares (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id      TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id       TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    entity_id       TEXT COLLATE "C" NOT NULL REFERENCES entities (id),
    account_id      TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
    granted_by_type TEXT,
    granted_by_id   TEXT COLLATE "C",
    granted_at      BIGINT  NOT NULL,
    granted_how     TEXT NOT NULL,
    -- C8, C10: the contact this one succeeds by a handover
    succeeds        TEXT COLLATE "C" REFERENCES accounts (id),
    revoked_by_type TEXT,
    revoked_by_id   TEXT COLLATE "C",
    revoked_at      BIGINT ,
    revoked_how     TEXT
);
CREATE UNIQUE INDEX contact_shares_one_open ON contact_shares (client_id, entity_id, account_id)
    WHERE revoked_at IS NULL;
CREATE INDEX contact_shares_client ON contact_shares (client_id, granted_at, id);
CREATE INDEX contact_shares_account ON contact_shares (account_id) WHERE revoked_at IS NULL;

-- A contact's sessions: the sha256 of the bearer token and its account (a
-- staff session is a `tokens` row, tied to one company; a contact's desk
-- spans every company whose files they follow).
CREATE TABLE contact_tokens (
    token_hash BYTEA NOT NULL PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX contact_tokens_account ON contact_tokens (account_id);

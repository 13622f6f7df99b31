-- casegate's schema (PostgreSQL). Keep in step with ../sqlite/0001_initial.sql:
-- same tables, columns and indexes. Column types are limited to what sqlx's
-- Any driver maps on PostgreSQL: BIGINT, BOOLEAN, TEXT, BYTEA. Text that is
-- ordered or compared (ids, names) uses the "C" collation, so PostgreSQL
-- orders exactly as SQLite and Rust do (bytewise). Ids are hyphenated UUID
-- text, timestamps are microseconds since the Unix epoch (UTC), booleans are
-- BOOLEAN, enums are their wire names, tags/changes/details are JSON text.

CREATE TABLE companies (
    id                    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name                  TEXT COLLATE "C" NOT NULL,
    default_language      TEXT    NOT NULL,
    timezone              TEXT    NOT NULL,
    client_access_enabled BOOLEAN NOT NULL,
    allow_access_requests BOOLEAN NOT NULL,
    allow_sharing         BOOLEAN NOT NULL,
    new_client_access     TEXT    NOT NULL,
    created_at            BIGINT  NOT NULL
);

CREATE TABLE users (
    id                    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id            TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    email                 TEXT    NOT NULL,
    -- the email lower-cased by the store: unique across the installation
    email_key             TEXT COLLATE "C" NOT NULL,
    name                  TEXT COLLATE "C" NOT NULL,
    role                  TEXT    NOT NULL,
    active                BOOLEAN NOT NULL,
    share_all_clients     BOOLEAN NOT NULL,
    perm_view             TEXT    NOT NULL,
    perm_payments         BOOLEAN NOT NULL,
    perm_documents        BOOLEAN NOT NULL,
    perm_packages         BOOLEAN NOT NULL,
    perm_hide_email       BOOLEAN NOT NULL,
    perm_hide_phone       BOOLEAN NOT NULL,
    perm_edit_rights      BOOLEAN NOT NULL,
    perm_list_all_clients BOOLEAN NOT NULL,
    language              TEXT    NOT NULL,
    password_hash         TEXT,
    created_at            BIGINT  NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email_key);
CREATE INDEX users_company_name ON users (company_id, name, id);

CREATE TABLE tokens (
    token_hash BYTEA   NOT NULL PRIMARY KEY,
    company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE groups (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    name       TEXT COLLATE "C" NOT NULL,
    created_at BIGINT  NOT NULL,
    deleted_at BIGINT,
    deleted_by TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX groups_live_name ON groups (company_id, name) WHERE deleted_at IS NULL;

CREATE TABLE memberships (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id  TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    group_id    TEXT COLLATE "C" NOT NULL REFERENCES groups (id),
    user_id     TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    added_by    TEXT REFERENCES users (id),
    added_at    BIGINT  NOT NULL,
    removed_by  TEXT REFERENCES users (id),
    removed_at  BIGINT,
    removed_how TEXT
);
CREATE INDEX memberships_group ON memberships (group_id, added_at, id);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE UNIQUE INDEX memberships_open ON memberships (group_id, user_id) WHERE removed_at IS NULL;

CREATE TABLE clients (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    name       TEXT COLLATE "C" NOT NULL,
    email      TEXT,
    phone      TEXT,
    tags       TEXT    NOT NULL,
    owner_id   TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    restricted BOOLEAN NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    deleted_at BIGINT,
    deleted_by TEXT REFERENCES users (id)
);
CREATE INDEX clients_company ON clients (company_id);

CREATE TABLE shares (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id   TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id    TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    -- `user`, `group` or `company`; subject_id is NULL for `company`
    subject_type TEXT    NOT NULL,
    subject_id   TEXT COLLATE "C",
    granted_by   TEXT REFERENCES users (id),
    granted_at   BIGINT  NOT NULL,
    granted_how  TEXT    NOT NULL,
    revoked_by   TEXT REFERENCES users (id),
    revoked_at   BIGINT,
    revoked_how  TEXT
);
CREATE INDEX shares_client ON shares (client_id, granted_at, id);
CREATE INDEX shares_open ON shares (company_id, client_id) WHERE revoked_at IS NULL;
CREATE INDEX shares_open_subject ON shares (subject_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX shares_one_open ON shares (client_id, subject_type, COALESCE(subject_id, ''))
    WHERE revoked_at IS NULL;

CREATE TABLE access_requests (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id   TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id    TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    requester_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    message      TEXT,
    status       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    decided_by   TEXT REFERENCES users (id),
    decided_at   BIGINT,
    reason       TEXT
);
CREATE INDEX access_requests_lookup ON access_requests (company_id, client_id, requester_id, status);
CREATE INDEX access_requests_company ON access_requests (company_id, status, id);
CREATE INDEX access_requests_expiry ON access_requests (expires_at) WHERE status = 'pending';
CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (client_id, requester_id)
    WHERE status = 'pending';

CREATE TABLE digest_preferences (
    company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    client_id  TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    enabled    BOOLEAN NOT NULL,
    updated_at BIGINT  NOT NULL,
    PRIMARY KEY (user_id, client_id)
);

-- One row: the last revision handed out. Taking the next one locks the row
-- until commit, so revisions become visible in order (replicas tail the log).
CREATE TABLE revision_counter (
    id   BIGINT  NOT NULL PRIMARY KEY CHECK (id = 1),
    last BIGINT  NOT NULL
);
INSERT INTO revision_counter (id, last) VALUES (1, 0);

CREATE TABLE changes (
    revision   BIGINT  NOT NULL PRIMARY KEY,
    at         BIGINT  NOT NULL,
    company_id TEXT COLLATE "C",
    change     TEXT    NOT NULL
);

-- Per company: the end of its audit hash chain (locked while appending).
CREATE TABLE audit_heads (
    company_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES companies (id),
    last_seq   BIGINT  NOT NULL,
    last_hash  TEXT    NOT NULL
);

CREATE TABLE audit_log (
    company_id    TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    seq           BIGINT  NOT NULL,
    at            BIGINT  NOT NULL,
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
    id              BIGINT  NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id      TEXT COLLATE "C" REFERENCES companies (id),
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    attempts        BIGINT  NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    claimed_until   BIGINT,
    sent_at         BIGINT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;

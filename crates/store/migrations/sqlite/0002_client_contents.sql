-- What a client file holds beyond its access rows (SPEC Part B, X9), SQLite.
-- Keep in step with ../postgres/0002_client_contents.sql: same tables,
-- columns and indexes. Conventions as in 0001_initial.sql.

-- B2, B4–B6: activities. Never deleted: `deleted_at`/`deleted_by` hide them.
CREATE TABLE activities (
    id              TEXT    NOT NULL PRIMARY KEY,
    company_id      TEXT    NOT NULL REFERENCES companies (id),
    client_id       TEXT    NOT NULL REFERENCES clients (id),
    kind            TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    assignee_id     TEXT    NOT NULL REFERENCES users (id),
    created_by      TEXT    NOT NULL REFERENCES users (id),
    created_by_real TEXT REFERENCES users (id),
    starts_at       INTEGER,
    amount_cents    INTEGER,
    currency        TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    deleted_by      TEXT REFERENCES users (id)
);
-- Newest first by id (UUIDv7) per client; B10 "worked with" per assignee.
CREATE INDEX activities_client ON activities (company_id, client_id, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_assignee ON activities (company_id, assignee_id, client_id)
    WHERE deleted_at IS NULL;

-- B6, B7: document metadata. Never deleted: `deleted_at`/`deleted_by` hide them.
CREATE TABLE documents (
    id           TEXT    NOT NULL PRIMARY KEY,
    company_id   TEXT    NOT NULL REFERENCES companies (id),
    client_id    TEXT    NOT NULL REFERENCES clients (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    -- hex sha256 of the bytes
    sha256       TEXT    NOT NULL,
    visibility   TEXT    NOT NULL,
    uploaded_by  TEXT    NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    deleted_by   TEXT REFERENCES users (id)
);
CREATE INDEX documents_client ON documents (company_id, client_id, created_at, id)
    WHERE deleted_at IS NULL;

-- A document's bytes, in chunks numbered 0, 1, 2, … (read one at a time, so
-- a large file never has to sit in memory whole).
CREATE TABLE document_blobs (
    document_id TEXT    NOT NULL REFERENCES documents (id),
    seq         INTEGER NOT NULL,
    bytes       BLOB    NOT NULL,
    PRIMARY KEY (document_id, seq)
);

-- B8: packages sold to a client.
CREATE TABLE packages (
    id          TEXT    NOT NULL PRIMARY KEY,
    company_id  TEXT    NOT NULL REFERENCES companies (id),
    client_id   TEXT    NOT NULL REFERENCES clients (id),
    name        TEXT    NOT NULL,
    price_cents INTEGER,
    created_by  TEXT    NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX packages_client ON packages (company_id, client_id, created_at, id);

-- B9 and the client card: fields that play no part in access decisions.
ALTER TABLE clients ADD COLUMN marketing_opt_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN loyalty_card TEXT;
ALTER TABLE clients ADD COLUMN notes TEXT;

-- X9: the view log. Append-only: the triggers refuse every update and delete.
CREATE TABLE view_log (
    id           TEXT    NOT NULL PRIMARY KEY,
    company_id   TEXT    NOT NULL REFERENCES companies (id),
    client_id    TEXT    NOT NULL REFERENCES clients (id),
    user_id      TEXT    NOT NULL REFERENCES users (id),
    real_user_id TEXT REFERENCES users (id),
    kind         TEXT    NOT NULL,
    document_id  TEXT REFERENCES documents (id),
    -- JSON array of the rule ids that opened the client, e.g. ["A9"]
    through      TEXT    NOT NULL,
    at           INTEGER NOT NULL
);
CREATE INDEX view_log_client ON view_log (company_id, client_id, id);

CREATE TRIGGER view_log_no_update BEFORE UPDATE ON view_log
BEGIN
    SELECT RAISE(ABORT, 'view_log is append-only');
END;
CREATE TRIGGER view_log_no_delete BEFORE DELETE ON view_log
BEGIN
    SELECT RAISE(ABORT, 'view_log is append-only');
END;

-- What a client file holds beyond its access rows (SPEC Part B, X9),
-- PostgreSQL. Keep in step with ../sqlite/0002_client_contents.sql: same
-- tables, columns and indexes. Conventions as in 0001_initial.sql.

-- B2, B4–B6: activities. Never deleted: `deleted_at`/`deleted_by` hide them.
CREATE TABLE activities (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id      TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id       TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    kind            TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    assignee_id     TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_by      TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_by_real TEXT COLLATE "C" REFERENCES users (id),
    starts_at       BIGINT,
    amount_cents    BIGINT,
    currency        TEXT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    deleted_at      BIGINT,
    deleted_by      TEXT COLLATE "C" REFERENCES users (id)
);
-- Newest first by id (UUIDv7) per client; B10 "worked with" per assignee.
CREATE INDEX activities_client ON activities (company_id, client_id, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_assignee ON activities (company_id, assignee_id, client_id)
    WHERE deleted_at IS NULL;

-- B6, B7: document metadata. Never deleted: `deleted_at`/`deleted_by` hide them.
CREATE TABLE documents (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id   TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id    TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    -- hex sha256 of the bytes
    sha256       TEXT    NOT NULL,
    visibility   TEXT    NOT NULL,
    uploaded_by  TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_at   BIGINT  NOT NULL,
    deleted_at   BIGINT,
    deleted_by   TEXT COLLATE "C" REFERENCES users (id)
);
CREATE INDEX documents_client ON documents (company_id, client_id, created_at, id)
    WHERE deleted_at IS NULL;

-- A document's bytes, in chunks numbered 0, 1, 2, … (read one at a time, so
-- a large file never has to sit in memory whole).
CREATE TABLE document_blobs (
    document_id TEXT COLLATE "C" NOT NULL REFERENCES documents (id),
    seq         BIGINT  NOT NULL,
    bytes       BYTEA   NOT NULL,
    PRIMARY KEY (document_id, seq)
);

-- B8: packages sold to a client.
CREATE TABLE packages (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id  TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id   TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    name        TEXT    NOT NULL,
    price_cents BIGINT,
    created_by  TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL
);
CREATE INDEX packages_client ON packages (company_id, client_id, created_at, id);

-- B9 and the client card: fields that play no part in access decisions.
ALTER TABLE clients ADD COLUMN marketing_opt_in BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN loyalty_card TEXT;
ALTER TABLE clients ADD COLUMN notes TEXT;

-- X9: the view log. Append-only: the triggers refuse every update, delete
-- and truncate.
CREATE TABLE view_log (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id   TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id    TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    user_id      TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    real_user_id TEXT COLLATE "C" REFERENCES users (id),
    kind         TEXT    NOT NULL,
    document_id  TEXT COLLATE "C" REFERENCES documents (id),
    -- JSON array of the rule ids that opened the client, e.g. ["A9"]
    through      TEXT    NOT NULL,
    at           BIGINT  NOT NULL
);
CREATE INDEX view_log_client ON view_log (company_id, client_id, id);

CREATE FUNCTION view_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'view_log is append-only';
END;
$$;
CREATE TRIGGER view_log_no_update BEFORE UPDATE OR DELETE ON view_log
    FOR EACH ROW EXECUTE FUNCTION view_log_append_only();
CREATE TRIGGER view_log_no_truncate BEFORE TRUNCATE ON view_log
    FOR EACH STATEMENT EXECUTE FUNCTION view_log_append_only();

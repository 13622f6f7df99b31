-- The desk's documents (SPEC Part C): a contact uploads documents to a file
-- they are on (always `shared`), and their downloads are recorded (X9).
--
-- A document's uploader is a staff member or a contact, exactly one.
-- SQLite cannot relax NOT NULL in place, so the table is rebuilt: its rows
-- are copied aside, the table dropped and created anew, the rows put back.
-- Foreign keys stay on; deferred, the chunks and views that point at the
-- documents find them again before the commit.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE documents_before AS SELECT * FROM documents;
DROP INDEX documents_client;
DROP TABLE documents;
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
    uploaded_by  TEXT REFERENCES users (id),
    -- a contact's upload from the desk
    uploaded_by_contact TEXT REFERENCES accounts (id),
    created_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    deleted_by   TEXT REFERENCES users (id),
    CHECK ((uploaded_by IS NULL) <> (uploaded_by_contact IS NULL))
);
INSERT INTO documents (id, company_id, client_id, name, content_type, size, sha256,
                       visibility, uploaded_by, created_at, deleted_at, deleted_by)
    SELECT id, company_id, client_id, name, content_type, size, sha256,
           visibility, uploaded_by, created_at, deleted_at, deleted_by
    FROM documents_before;
DROP TABLE documents_before;
CREATE INDEX documents_client ON documents (company_id, client_id, created_at, id)
    WHERE deleted_at IS NULL;

-- X9 for contacts: every download from the desk, append-only like view_log.
CREATE TABLE contact_views (
    id          TEXT    NOT NULL PRIMARY KEY,
    company_id  TEXT    NOT NULL REFERENCES companies (id),
    client_id   TEXT    NOT NULL REFERENCES clients (id),
    account_id  TEXT    NOT NULL REFERENCES accounts (id),
    kind        TEXT    NOT NULL,
    document_id TEXT REFERENCES documents (id),
    -- JSON array of the contact share ids that opened the file (C4)
    through     TEXT    NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX contact_views_client ON contact_views (company_id, client_id, id);

CREATE TRIGGER contact_views_no_update BEFORE UPDATE ON contact_views
BEGIN
    SELECT RAISE(ABORT, 'contact_views is append-only');
END;
CREATE TRIGGER contact_views_no_delete BEFORE DELETE ON contact_views
BEGIN
    SELECT RAISE(ABORT, 'contact_views is append-only');
END;

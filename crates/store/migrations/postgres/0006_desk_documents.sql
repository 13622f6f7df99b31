-- The desk's documents (SPEC Part C): a contact uploads documents to a file
-- they are on (always `shared`), and their downloads are recorded (X9).
-- A document's uploader is a staff member or a contact, exactly one.
ALTER TABLE documents ALTER COLUMN uploaded_by DROP NOT NULL;
ALTER TABLE documents ADD COLUMN uploaded_by_contact TEXT COLLATE "C" REFERENCES accounts (id);
ALTER TABLE documents ADD CONSTRAINT documents_one_uploader
    CHECK ((uploaded_by IS NULL) <> (uploaded_by_contact IS NULL));

-- X9 for contacts: every download from the desk, append-only like view_log.
CREATE TABLE contact_views (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    company_id  TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
    client_id   TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
    account_id  TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
    kind        TEXT    NOT NULL,
    document_id TEXT COLLATE "C" REFERENCES documents (id),
    -- JSON array of the contact share ids that opened the file (C4)
    through     TEXT    NOT NULL,
    at          BIGINT  NOT NULL
);
CREATE INDEX contact_views_client ON contact_views (company_id, client_id, id);

CREATE TRIGGER contact_views_no_update BEFORE UPDATE OR DELETE ON contact_views
    FOR EACH ROW EXECUTE FUNCTION view_log_append_only();
CREATE TRIGGER contact_views_no_truncate BEFORE TRUNCATE ON contact_views
    FOR EACH STATEMENT EXECUTE FUNCTION view_log_append_only();

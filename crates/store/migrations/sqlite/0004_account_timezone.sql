-- A person's own time zone (an IANA name); NULL = the company's.
ALTER TABLE accounts ADD COLUMN timezone TEXT;

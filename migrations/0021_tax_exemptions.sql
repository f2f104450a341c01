-- Partner settings → Tax exemptions (SPEC §3): requests with their
-- certificate (a PDF, JPEG or PNG of at most 4 MB, checked by content),
-- submitted → approved or rejected (with a reason) by an operator. A
-- request withdrawn while submitted is deleted (its event stays).
CREATE TABLE tax_exemptions (
    id                 TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL REFERENCES accounts (id),
    country            TEXT NOT NULL,
    exemption_type     TEXT NOT NULL,
    certificate_number TEXT NOT NULL,
    -- Calendar dates, YYYY-MM-DD (they compare as text).
    valid_from         TEXT NOT NULL,
    valid_until        TEXT NOT NULL,
    file_name          TEXT NOT NULL,
    file_type          TEXT NOT NULL,
    file_size          BIGINT NOT NULL,
    -- BYTEA: PostgreSQL's binary type; SQLite keeps the bytes. Kept in the
    -- database so that any app instance can serve it.
    file               BYTEA NOT NULL,
    status             TEXT NOT NULL,
    reason             TEXT,
    submitted_by       TEXT NOT NULL REFERENCES users (id),
    submitted_at       BIGINT NOT NULL,
    decided_at         BIGINT
);
CREATE INDEX tax_exemptions_account_idx ON tax_exemptions (account_id, submitted_at);
CREATE INDEX tax_exemptions_queue_idx ON tax_exemptions (status, submitted_at);

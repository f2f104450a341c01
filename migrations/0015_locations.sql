-- Locations (SPEC §6): an account's headquarters and its other sites. The
-- headquarters' address is the account's legal address (domain/locations.rs
-- keeps the two the same).
CREATE TABLE locations (
    -- The generated Location ID shown to users (LOC- and 8 characters).
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id),
    name           TEXT NOT NULL,
    -- The name trimmed and lower-cased: unique within the account, the
    -- database decides (locations_name_key), and the list's order.
    name_key       TEXT NOT NULL,
    address_line1  TEXT NOT NULL,
    address_line2  TEXT NOT NULL,
    city           TEXT NOT NULL,
    region         TEXT NOT NULL,
    postal_code    TEXT NOT NULL,
    country        TEXT NOT NULL,
    contact_name   TEXT NOT NULL,
    contact_email  TEXT NOT NULL,
    -- E.164 digits, without '+'.
    contact_phone  TEXT NOT NULL,
    -- 1 for the headquarters: at most one per account (locations_hq_key).
    is_hq          BIGINT NOT NULL DEFAULT 0,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX locations_name_key ON locations (account_id, name_key);
CREATE UNIQUE INDEX locations_hq_key ON locations (account_id) WHERE is_hq = 1;

-- Partner settings → Organization profile: the organization's name and
-- address as the directory shows them (else the legal ones). One row per
-- account once saved (version 0 before).
CREATE TABLE organization_profiles (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id),
    name          TEXT NOT NULL,
    address_line1 TEXT NOT NULL,
    address_line2 TEXT NOT NULL,
    city          TEXT NOT NULL,
    region        TEXT NOT NULL,
    postal_code   TEXT NOT NULL,
    country       TEXT NOT NULL,
    version       BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- Partner settings → Billing profile (SPEC §3). One row per account, created
-- when the profile is first saved. CSP requires a tax ID here.
CREATE TABLE billing_profiles (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id),
    address_line1 TEXT NOT NULL,
    address_line2 TEXT NOT NULL,
    city          TEXT NOT NULL,
    region        TEXT NOT NULL,
    postal_code   TEXT NOT NULL,
    country       TEXT NOT NULL,
    currency      TEXT NOT NULL,
    po_number     TEXT NOT NULL,
    -- Normalized: capitals, no spaces, dots or dashes; empty when not given.
    tax_id        TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);

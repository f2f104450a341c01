-- Developer settings → Payout and tax profile. One row per account once
-- saved (version 0 before). The browser is only ever sent the last four
-- characters of the account and the tax ID (domain/payout.rs).
CREATE TABLE payout_profiles (
    account_id     TEXT PRIMARY KEY REFERENCES accounts (id),
    account_holder TEXT NOT NULL,
    bank_country   TEXT NOT NULL,
    -- The IBAN, or the local account number, compact (capitals, no spaces).
    account        TEXT NOT NULL,
    -- The local routing code; empty with an IBAN.
    routing_code   TEXT NOT NULL,
    tax_residence  TEXT NOT NULL,
    tax_id         TEXT NOT NULL,
    version        BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

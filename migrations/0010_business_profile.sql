-- The business profile (SPEC §7): the account's public marketing profile,
-- listed in the public "Find a partner" directory once published. One row per
-- account, created when the profile is first saved. Referrals requires it
-- published.
CREATE TABLE business_profiles (
    account_id     TEXT PRIMARY KEY REFERENCES accounts (id),
    description    TEXT NOT NULL,
    website        TEXT NOT NULL,
    linkedin       TEXT NOT NULL,
    -- Codes from the fixed lists in model/business.rs, comma-separated, in
    -- list order (empty when none). The directory filters on them.
    industries     TEXT NOT NULL,
    products       TEXT NOT NULL,
    services       TEXT NOT NULL,
    customer_sizes TEXT NOT NULL,
    -- NULL: a draft, not in the directory.
    published_at   BIGINT,
    -- The logo (PNG, JPEG or GIF, at most 300 px wide) and its media type;
    -- logo_at (when it changed) versions its address for caching. NULL
    -- without one. (BYTEA: PostgreSQL's binary type; SQLite keeps the bytes.)
    logo           BYTEA,
    logo_type      TEXT,
    logo_at        BIGINT,
    -- Lowercase, accents removed: the account's name, city and description,
    -- for the directory's word search (domain/business.rs keeps it current).
    search_text    TEXT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX business_profiles_published_idx ON business_profiles (published_at);

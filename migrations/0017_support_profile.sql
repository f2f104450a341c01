-- Partner settings → Support profile: how customers reach the partner's
-- support, shown on its public directory page. One row per account once
-- saved (version 0 before).
CREATE TABLE support_profiles (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id),
    email      TEXT NOT NULL,
    -- E.164 with its '+', or empty.
    phone      TEXT NOT NULL,
    website    TEXT NOT NULL,
    version    BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

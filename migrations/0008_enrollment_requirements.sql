-- Enrollment as a process (SPEC §4): the facts an enrollment waits for.
-- When the primary contact's email (accounts.contact_email) was confirmed;
-- cleared when that email changes.
ALTER TABLE accounts ADD COLUMN contact_email_verified_at BIGINT;
-- Windows and Xbox: when the registration fee was acknowledged, and by whom.
ALTER TABLE accounts ADD COLUMN fee_acknowledged_at BIGINT;

-- Single-use, expiring confirmation links for the primary contact's email.
-- Only a hash of the link's secret is stored.
CREATE TABLE email_verifications (
    token_hash   TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    email        TEXT NOT NULL,
    -- The user whose change sent the link: the actor of the verification event.
    requested_by TEXT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX email_verifications_account_idx ON email_verifications (account_id);

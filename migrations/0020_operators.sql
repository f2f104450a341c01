-- The software vendor's side (SPEC §10). An operator is a user who reviews
-- what partners submit; never a member of an account. Created from the
-- command line (`partner_portal operator add EMAIL`).
CREATE TABLE operators (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    created_at BIGINT NOT NULL
);

-- An account's standing: active, or suspended by an operator with the
-- reason its members see (they can read but change nothing).
ALTER TABLE accounts ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE accounts ADD COLUMN status_reason TEXT;

-- Verification review: since when the account has waited (the queue is
-- oldest first; a change while pending keeps the first date), and the
-- reviewer's reason for a rejection, shown to the partner.
ALTER TABLE accounts ADD COLUMN verification_requested_at BIGINT;
ALTER TABLE accounts ADD COLUMN verification_reason TEXT;
UPDATE accounts SET verification_requested_at = created_at WHERE verification_status = 'pending';
CREATE INDEX accounts_verification_queue ON accounts (verification_status, verification_requested_at);

-- User management: temporary passwords, invitations, an outbox for email,
-- and the lock that serialises membership changes.

-- 1 after "Add user" or "Reset password": the temporary password must be
-- replaced before anything else.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;

-- Bumped by every change to the account's members and roles. Taking this row
-- lock first serialises concurrent demotions and removals, so "never zero
-- Global admins or Owners" is checked against committed state, not a racy read.
ALTER TABLE accounts ADD COLUMN members_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    -- Lower-cased: only this email may accept.
    email       TEXT NOT NULL,
    -- Role codes separated by commas (src/model/role.rs).
    roles       TEXT NOT NULL,
    -- SHA-256 of the link's secret: a database leak doesn't leak usable links.
    token_hash  TEXT NOT NULL,
    invited_by  TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    -- pending, accepted, revoked
    status      TEXT NOT NULL,
    accepted_by TEXT REFERENCES users (id),
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX invitations_token_key ON invitations (token_hash);
-- One pending invitation per email and account (resend reuses it).
CREATE UNIQUE INDEX invitations_pending_key ON invitations (account_id, email) WHERE status = 'pending';

-- Emails written in the same transaction as the change that causes them; a
-- background sender delivers them and marks them sent.
CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT
);
CREATE INDEX outbox_unsent_idx ON outbox (sent_at, created_at);

-- Member lists search by name and email within an account.
CREATE INDEX users_name_idx ON users (display_name);

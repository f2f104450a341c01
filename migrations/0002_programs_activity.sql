-- An account's relation to a program of the fixed catalog (src/model/program.rs).
-- No row means "not enrolled".
CREATE TABLE enrollments (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    program    TEXT NOT NULL,
    status     TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- Optimistic concurrency: every update bumps it.
    version    BIGINT NOT NULL,
    PRIMARY KEY (account_id, program)
);

-- Immutable audit trail; written in the same transaction as the change.
CREATE TABLE activity_events (
    id            TEXT PRIMARY KEY,
    occurred_at   BIGINT NOT NULL,
    -- NULL for changes that belong to a user rather than an account (language).
    account_id    TEXT,
    actor_user_id TEXT,
    action        TEXT NOT NULL,
    subject       TEXT,
    old_value     TEXT,
    new_value     TEXT
);
CREATE INDEX activity_events_account_idx ON activity_events (account_id, occurred_at);

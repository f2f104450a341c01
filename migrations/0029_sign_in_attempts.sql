-- Sign-in throttling per email and per client address. Each attempt is
-- written before its password is checked (so parallel attempts count each
-- other) and removed when it succeeds. The old rows only held a 15-minute
-- window of failures: starting afresh loses nothing that matters.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_failures (
    id        TEXT PRIMARY KEY,
    email     TEXT NOT NULL,
    client    TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_email_idx ON sign_in_failures (email, failed_at);
CREATE INDEX sign_in_failures_client_idx ON sign_in_failures (client, failed_at);
CREATE INDEX sign_in_failures_time_idx ON sign_in_failures (failed_at);

-- "Forgot password?": single-use links emailed to a user's address. Only a
-- SHA-256 of each link's secret is kept; a link works once, for 30 minutes.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at);

-- Each session keeps the user's session generation instead of a copy of the
-- password hash: a password change, reset or "sign out everywhere" bumps it,
-- which ends every session that holds the old one. Sessions signed in before
-- this migration hold a password hash and are signed out once.
ALTER TABLE users ADD COLUMN session_generation BIGINT NOT NULL DEFAULT 0;

-- The account's verification status (SPEC §3, §4): none, pending, authorized
-- or rejected. Verification itself (documents, review) comes with the
-- enrollment requirements.
ALTER TABLE accounts ADD COLUMN verification_status TEXT NOT NULL DEFAULT 'none';

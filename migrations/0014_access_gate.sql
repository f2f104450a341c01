-- The access gate (domain/access.rs): every change to an account first takes
-- this row lock, so changes to one account run one after the other and what
-- they check ("never zero Global admins", a record's version) holds until
-- they commit. It served member changes alone as members_version before.
ALTER TABLE accounts RENAME COLUMN members_version TO write_lock;

-- Concurrent edits (SPEC §9) of a member's roles and of a person's own
-- profile (name, language): a save names the version its form was loaded at.
ALTER TABLE memberships ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN profile_version BIGINT NOT NULL DEFAULT 1;

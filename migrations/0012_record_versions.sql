-- Concurrent edits (SPEC §9): each editable record carries a version. A save
-- names the version its form was loaded at and is refused when the record
-- has moved on since, instead of silently overwriting someone else's save.
ALTER TABLE accounts ADD COLUMN legal_profile_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE accounts ADD COLUMN contact_info_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE billing_profiles ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE business_profiles ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

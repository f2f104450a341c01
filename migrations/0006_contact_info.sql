-- Developer settings → Contact info (SPEC §4). The publisher display name is
-- unique across accounts whatever its case: the unique index is on a
-- lower-cased copy (NULLs, not set yet, don't clash).
ALTER TABLE accounts ADD COLUMN publisher_display_name TEXT;
ALTER TABLE accounts ADD COLUMN publisher_name_key TEXT;
ALTER TABLE accounts ADD COLUMN seller_contact_name TEXT;
ALTER TABLE accounts ADD COLUMN seller_contact_email TEXT;
ALTER TABLE accounts ADD COLUMN seller_contact_phone TEXT;
CREATE UNIQUE INDEX accounts_publisher_name_key ON accounts (publisher_name_key);

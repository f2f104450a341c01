-- Partner settings → Partner profile: the legal address and the primary
-- contact (SPEC §3). The legal name is accounts.legal_name; the country of
-- the address is accounts.country.
ALTER TABLE accounts ADD COLUMN address_line1 TEXT;
ALTER TABLE accounts ADD COLUMN address_line2 TEXT;
ALTER TABLE accounts ADD COLUMN address_city TEXT;
ALTER TABLE accounts ADD COLUMN address_region TEXT;
ALTER TABLE accounts ADD COLUMN address_postal_code TEXT;
ALTER TABLE accounts ADD COLUMN contact_first_name TEXT;
ALTER TABLE accounts ADD COLUMN contact_last_name TEXT;
ALTER TABLE accounts ADD COLUMN contact_email TEXT;
ALTER TABLE accounts ADD COLUMN contact_phone TEXT;

-- The locations a business profile shows (SPEC §3 / §6: up to 5 of the
-- account's); the directory's country filter also finds a partner by them.
-- A removed location leaves the profile with it.
CREATE TABLE business_profile_locations (
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, location_id)
);
CREATE INDEX business_profile_locations_location_idx ON business_profile_locations (location_id);

-- The directory's order as a column (the shown name, lower-cased; kept by
-- domain/business.rs with the search text) and an index of the published
-- profiles in that order: a page of the directory reads 20 index entries
-- instead of sorting every published profile (100,000 accounts: 58 ms → 1).
ALTER TABLE business_profiles ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE business_profiles SET sort_key = LOWER(COALESCE(
    (SELECT o.name FROM organization_profiles o WHERE o.account_id = business_profiles.account_id),
    (SELECT a.legal_name FROM accounts a WHERE a.id = business_profiles.account_id)));
CREATE INDEX business_profiles_directory_idx ON business_profiles (sort_key, account_id)
    WHERE published_at IS NOT NULL;

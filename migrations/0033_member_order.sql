-- The member list's order and search on the membership itself: the member's
-- name (lower-cased, as the list sorts it) and email, copied from `users`
-- and kept by domain/members.rs, accounts.rs and my_profile.rs. A page of an
-- account's members then reads its index in order and joins the users of
-- that page only, instead of joining and sorting every member (5,000
-- members: 17–26 ms on PostgreSQL).
ALTER TABLE memberships ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE memberships ADD COLUMN email TEXT NOT NULL DEFAULT '';
UPDATE memberships SET
    name_key = (SELECT LOWER(u.display_name) FROM users u WHERE u.id = memberships.user_id),
    email = (SELECT u.email FROM users u WHERE u.id = memberships.user_id);
CREATE INDEX memberships_name_idx ON memberships (account_id, name_key, email);

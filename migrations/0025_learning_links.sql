-- A person's learning (certification) ID and the one account it is linked
-- to now (NULL after "Remove access"); an ID belongs to one person.
CREATE TABLE learning_links (
    user_id     TEXT PRIMARY KEY REFERENCES users (id),
    learning_id TEXT NOT NULL,
    account_id  TEXT REFERENCES accounts (id),
    linked_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX learning_links_id_key ON learning_links (learning_id);

-- Every association made, for the limits (3 a year, 30 days apart).
CREATE TABLE learning_associations (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    learning_id TEXT NOT NULL,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    linked_at   BIGINT NOT NULL
);
CREATE INDEX learning_associations_user_idx ON learning_associations (user_id, linked_at);

-- One row per imported month, taken (upserted) first by each import of that
-- month: two imports of one month at once run one after the other (the
-- second then replaces the first) instead of colliding on the prices' keys.
CREATE TABLE price_import_locks (
    month   TEXT PRIMARY KEY,
    imports BIGINT NOT NULL DEFAULT 0
);

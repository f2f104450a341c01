-- The activity log reads an account's events newest first, optionally those
-- of one user or of one action, a page at a time after the last one shown
-- (keyset on occurred_at, id): one index for each way in.
DROP INDEX activity_events_account_idx;
CREATE INDEX activity_events_account_time_idx ON activity_events (account_id, occurred_at, id);
CREATE INDEX activity_events_actor_idx ON activity_events (account_id, actor_user_id, occurred_at, id);
CREATE INDEX activity_events_action_idx ON activity_events (account_id, action, occurred_at, id);

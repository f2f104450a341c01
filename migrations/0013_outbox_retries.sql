-- Outgoing email retries: an email that fails to go is tried again later,
-- further apart each time, and set aside (failed_at) after a few attempts,
-- so emails that can never go don't hold up the others. next_attempt_at is
-- also the claim: an instance sending an email moves it into the future, so
-- others leave it alone, and it comes back by itself if that instance dies.
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Rate limits shared by every app process (bot/ports/rate-limits.ts): one token bucket per key.
-- tokens: what is left after the last take, at updated_at (epoch ms); full_at: when the bucket
-- is full again (the row can then be forgotten); allowed: the outcome of the last take, which
-- the atomic upsert returns (RETURNING sees only the new row).
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated_at BIGINT NOT NULL,
  full_at BIGINT NOT NULL,
  allowed BOOLEAN NOT NULL
);
CREATE INDEX rate_limits_full ON rate_limits (full_at);

-- Zalo OA tokens (one row, id 'oa'), named leases and pending OAuth consents (mirrors
-- storage/zalo-token-store.ts after zalo_tokens_002).
CREATE TABLE zalo_tokens (
  id TEXT PRIMARY KEY,
  access_token TEXT,
  access_expires_at BIGINT,
  refresh_token TEXT,
  status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'refresh_rejected')),
  version INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  last_error TEXT,
  refresh_failures INTEGER NOT NULL DEFAULT 0,
  refresh_failed_at BIGINT,
  refresh_error TEXT
);
CREATE TABLE zalo_leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  until BIGINT NOT NULL
);
CREATE TABLE zalo_oauth_pending (
  state TEXT PRIMARY KEY,
  verifier TEXT NOT NULL,
  session_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX zalo_oauth_pending_created ON zalo_oauth_pending (created_at);

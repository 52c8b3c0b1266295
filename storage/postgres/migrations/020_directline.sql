-- Direct Line conversations and transcripts (mirrors storage/directline-store.ts after
-- directline_003_leases, column for column, so db:copy copies them). Times are ISO TEXT
-- ordered as bytes, as in SQLite; lease_until is epoch ms. `json` holds the sealed activity
-- (bound to `directline_activities/<id>/json`), so copied rows open with the same key.
CREATE TABLE directline_conversations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  started_at TEXT COLLATE "C",
  last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE directline_activities (
  conversation_id TEXT NOT NULL REFERENCES directline_conversations(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('user', 'bot')),
  client_activity_id TEXT,
  reply_to_id TEXT,
  state TEXT CHECK (state IN ('pending', 'answered', 'failed')),
  json TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, seq)
);
CREATE UNIQUE INDEX directline_activities_client
  ON directline_activities (conversation_id, client_activity_id)
  WHERE client_activity_id IS NOT NULL;
CREATE INDEX directline_activities_pending
  ON directline_activities (created_at) WHERE state = 'pending';
CREATE TABLE directline_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

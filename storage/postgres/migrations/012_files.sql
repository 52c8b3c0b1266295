-- Files the bot produces (mirrors storage/file-store.ts after file_store_001). `bytes` holds
-- what SQLite's BLOB holds: 'tthc-sealed:' and the bytes sealed to `file:<id>`.
CREATE TABLE files (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  bytes BYTEA NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX files_conversation ON files (conversation_id);

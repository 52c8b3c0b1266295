-- The bot's conversation and user state (mirrors storage/sqlite-storage.ts after bot_state_001):
-- the Agents SDK storage key, its eTag, the state JSON sealed bound to the key
-- (`bot_state/<key>/data`), and the ISO time of the last write (retention). Keys and times
-- compare as bytes, as in SQLite.
CREATE TABLE bot_state (
  key TEXT COLLATE "C" PRIMARY KEY,
  etag TEXT NOT NULL,
  data TEXT NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX bot_state_updated_at ON bot_state (updated_at);

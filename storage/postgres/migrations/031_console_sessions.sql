-- Console sessions (mirrors storage/console-sessions.ts after console_sessions_001): only the
-- SHA-256 of the cookie token is stored. Times are ISO text compared as text, as in SQLite.
CREATE TABLE console_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL,
  last_seen_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);

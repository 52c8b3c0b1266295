-- Console accounts (mirrors storage/console-users.ts after console_users_001). Password hashes
-- are the same `scrypt$N$r$p$salt$hash` text, so copied accounts log in here. SQLite's
-- `username … UNIQUE COLLATE NOCASE` is a unique index on lower(username) (usernames are
-- ASCII, which is all NOCASE folds); the 0/1 `disabled` is a BOOLEAN.
CREATE TABLE console_users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  lawyer_id TEXT,
  service_points TEXT NOT NULL DEFAULT '[]',
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT COLLATE "C",
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TEXT COLLATE "C" NOT NULL,
  password_changed_at TEXT COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX console_users_username ON console_users (lower(username));

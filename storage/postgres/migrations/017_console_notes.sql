-- Lawyers' private notes (mirrors storage/console-notes.ts `console_notes_001`: same columns),
-- apart from the transcript. `text_enc` is sealed to `console_notes/<id>/text_enc` as in SQLite.
-- Notes written in the same millisecond list by id here (SQLite: in insertion order).
CREATE TABLE console_notes (
  id TEXT COLLATE "C" PRIMARY KEY,
  case_id TEXT COLLATE "C" NOT NULL,
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  text_enc TEXT NOT NULL
);
CREATE INDEX console_notes_case ON console_notes (case_id, at);

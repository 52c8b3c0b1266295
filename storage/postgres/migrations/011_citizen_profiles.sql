-- Citizen profiles for form prefill (mirrors storage/profile-store.ts after profile_store_001).
-- `subject` is the keyed hash of channel and user; `sealed` the profile JSON sealed to it.
CREATE TABLE citizen_profiles (
  subject TEXT PRIMARY KEY,
  sealed TEXT NOT NULL,
  consent_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

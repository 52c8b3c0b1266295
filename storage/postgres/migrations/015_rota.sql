-- The volunteer-lawyer rota (mirrors storage/rota-store.ts `rota_store_001`: same tables, same
-- column names, so db:copy is a copy). Codes and ids are COLLATE "C" so they order by bytes, as
-- SQLite's BINARY does; the SQLite 0/1 `active` is BOOLEAN here; `end` is quoted (a keyword).
CREATE TABLE rota_lawyers (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  zalo_user_id TEXT,
  specialties TEXT NOT NULL,
  languages TEXT NOT NULL,
  wards TEXT NOT NULL,
  max_open_cases INTEGER NOT NULL,
  active BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE rota_service_points (
  code TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  hours TEXT NOT NULL,
  neighbours TEXT NOT NULL
);

CREATE TABLE rota_shifts (
  id TEXT COLLATE "C" PRIMARY KEY,
  lawyer_id TEXT COLLATE "C" NOT NULL REFERENCES rota_lawyers (id) ON DELETE CASCADE,
  service_point TEXT COLLATE "C" NOT NULL REFERENCES rota_service_points (code),
  weekday INTEGER NOT NULL,
  start TEXT COLLATE "C" NOT NULL,
  "end" TEXT COLLATE "C" NOT NULL
);
CREATE INDEX rota_shifts_lawyer ON rota_shifts (lawyer_id);

CREATE TABLE rota_exceptions (
  id TEXT COLLATE "C" PRIMARY KEY,
  lawyer_id TEXT COLLATE "C" NOT NULL REFERENCES rota_lawyers (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('extra', 'leave')),
  date TEXT COLLATE "C" NOT NULL,
  date_to TEXT COLLATE "C",
  service_point TEXT COLLATE "C" REFERENCES rota_service_points (code),
  start TEXT COLLATE "C",
  "end" TEXT COLLATE "C",
  note TEXT
);
CREATE INDEX rota_exceptions_lawyer ON rota_exceptions (lawyer_id);

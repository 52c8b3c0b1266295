import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { adminUnitsDataSchema, type AdminUnitsData } from '../admin-units.js';
import { AppError } from '../errors.js';
import { cleanText } from '../text/index.js';

/**
 * Turns the dvhcvn snapshot of the 1 July 2025 reorganisation (`merges.json`: new unit
 * → old units absorbed; `splits.json`: old unit → new units) into the compact
 * `knowledge/data/admin-units.json.gz` read by `loadAdminUnits()`, and copies the data's
 * MIT licence beside it.
 */

const mergesSchema = z.object({
  data: z.array(
    z.object({
      level1_id: z.string(),
      name: z.string(),
      merges: z.array(z.object({ old_id: z.string(), name: z.string(), type: z.string().optional() })),
      level2s: z.array(
        z.object({
          level2_id: z.string(),
          name: z.string(),
          merges: z.array(z.object({ old_id: z.string(), name: z.string(), type: z.string().optional() })),
        }),
      ),
    }),
  ),
});

const splitsSchema = z.object({
  data: z.array(
    z.object({
      level1_id: z.string(),
      name: z.string(),
      splits: z.array(z.object({ new_id: z.string(), name: z.string() })),
      level3s: z.array(
        z.object({
          level3_id: z.string(),
          name: z.string(),
          splits: z.array(z.object({ new_id: z.string(), name: z.string() })),
        }),
      ),
    }),
  ),
});

const hanoiSchema = z.object({
  province_code: z.string(),
  count: z.number(),
  wards: z.array(z.object({ code: z.string(), name: z.string() })),
});

export interface AdminUnitsImport {
  file: string;
  bytes: number;
  provinces: number;
  communes: number;
  oldUnits: number;
  hanoiWards: number;
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  if (!existsSync(file)) throw new AppError('bad_request:admin_units_source', `${file}: missing file`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('bad_request:admin_units_source', `${file}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('bad_request:admin_units_source', `${file}: unexpected shape at ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** Build the compact data from a folder holding `dvhcvn-YYYYMMDD/`. Throws `AppError` naming the bad file. */
export function buildAdminUnitsData(sourceDir: string): { data: AdminUnitsData; licenseFile: string } {
  const snapshot = existsSync(sourceDir)
    ? readdirSync(sourceDir)
        .filter((n) => /^dvhcvn-\d{8}$/.test(n))
        .sort()
        .at(-1)
    : undefined;
  if (!snapshot) throw new AppError('bad_request:admin_units_source', `${sourceDir}: no dvhcvn-YYYYMMDD folder found`);
  const dir = join(sourceDir, snapshot);
  const merges = readJson(join(dir, 'merges.json'), mergesSchema);
  const splits = readJson(join(dir, 'splits.json'), splitsSchema);
  const hanoi = readJson(join(dir, 'hanoi-126-wards.json'), hanoiSchema);
  const licenseFile = join(dir, 'LICENSE');
  if (!existsSync(licenseFile)) throw new AppError('bad_request:admin_units_source', `${licenseFile}: missing licence file`);

  const d = snapshot.slice('dvhcvn-'.length);
  const data: AdminUnitsData = {
    schemaVersion: 1,
    source: `dvhcvn ${snapshot} (MIT licence, see ADMIN-UNITS-LICENSE)`,
    effectiveDate: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
    provinces: merges.data.map((p) => ({
      code: p.level1_id,
      name: cleanText(p.name),
      formerProvinces: p.merges.map((m) => cleanText(m.name)),
    })),
    units: merges.data.flatMap((p) =>
      p.level2s.map((u) => ({
        code: u.level2_id,
        name: cleanText(u.name),
        province: p.level1_id,
        from: u.merges.map((m) => [m.old_id, cleanText(m.name), m.type === 'partial' ? 0 : 1] as [string, string, 0 | 1]),
      })),
    ),
    formerUnits: splits.data.flatMap((p) =>
      p.level3s.map((u) => ({
        code: u.level3_id,
        name: cleanText(u.name),
        formerProvince: cleanText(p.name),
        to: u.splits.map((s) => s.new_id),
      })),
    ),
  };

  const hanoiCodes = new Set(data.units.filter((u) => u.province === hanoi.province_code).map((u) => u.code));
  const expected = hanoi.wards.map((w) => w.code);
  if (expected.length !== hanoi.count || expected.some((c) => !hanoiCodes.has(c)) || hanoiCodes.size !== expected.length) {
    throw new AppError(
      'bad_request:admin_units_source',
      `${join(dir, 'hanoi-126-wards.json')}: does not agree with merges.json (${hanoiCodes.size} Hà Nội units there, ${expected.length} listed here)`,
    );
  }
  const known = new Set(data.units.map((u) => u.code));
  const dangling = data.formerUnits.flatMap((u) => u.to).filter((c) => !known.has(c));
  if (dangling.length > 0) {
    throw new AppError('bad_request:admin_units_source', `${join(dir, 'splits.json')}: points at ${dangling.length} unknown new units (e.g. ${dangling[0]})`);
  }
  return { data: adminUnitsDataSchema.parse(data), licenseFile };
}

/** Write `admin-units.json.gz` and `ADMIN-UNITS-LICENSE` into `outDir`. Deterministic output. */
export function importAdminUnits(options: { sourceDir: string; outDir: string }): AdminUnitsImport {
  const { data, licenseFile } = buildAdminUnitsData(options.sourceDir);
  mkdirSync(options.outDir, { recursive: true });
  const file = join(options.outDir, 'admin-units.json.gz');
  const gz = gzipSync(Buffer.from(JSON.stringify(data), 'utf8'), { level: 9 });
  writeFileSync(file, gz);
  // Written, not copied: the source is read-only and a copy would keep its mode.
  writeFileSync(join(options.outDir, 'ADMIN-UNITS-LICENSE'), readFileSync(licenseFile));
  return {
    file,
    bytes: gz.length,
    provinces: data.provinces.length,
    communes: data.units.length,
    oldUnits: data.formerUnits.length,
    hanoiWards: data.units.filter((u) => u.province === '01').length,
  };
}

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { z } from 'zod';
import { AppError } from './errors.js';
import { fold } from './text/index.js';

/**
 * Administrative units after the 1 July 2025 reorganisation (two tiers: 34 provinces,
 * 3,321 communes / wards / special zones; districts abolished), with the old units each
 * one absorbed. Data: dvhcvn snapshot 2025-07-01, MIT (`data/ADMIN-UNITS-LICENSE`).
 *
 * The old *district* level is not in the source data. `fromOldName("Huyện Đông Anh")`
 * therefore answers approximately: the old township (thị trấn) of that name, or current
 * units that carry the district's name, flagged `approximate: true`.
 */

const gunzipAsync = promisify(gunzip);

export const DEFAULT_ADMIN_UNITS_FILE = fileURLToPath(new URL('./data/admin-units.json.gz', import.meta.url));

/** Compact on-disk form written by the importer. */
export const adminUnitsDataSchema = z.object({
  schemaVersion: z.literal(1),
  source: z.string(),
  /** ISO date the units took effect. */
  effectiveDate: z.string(),
  provinces: z.array(z.object({ code: z.string(), name: z.string(), formerProvinces: z.array(z.string()) })),
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** Province code. */
      province: z.string(),
      /** Old units absorbed: [old code, old name, 1 = whole unit / 0 = part of it]. */
      from: z.array(z.tuple([z.string(), z.string(), z.union([z.literal(0), z.literal(1)])])),
    }),
  ),
  formerUnits: z.array(
    z.object({ code: z.string(), name: z.string(), formerProvince: z.string(), to: z.array(z.string()) }),
  ),
});
export type AdminUnitsData = z.infer<typeof adminUnitsDataSchema>;

export type UnitType = 'phuong' | 'xa' | 'dac_khu';

export interface Province {
  code: string;
  /** Official name, e.g. "Thành phố Hà Nội", "Tỉnh Tuyên Quang". */
  name: string;
  /** Name without "Thành phố"/"Tỉnh": "Hà Nội". */
  shortName: string;
  /** Provinces merged into this one on 1 July 2025 (itself included when it existed). */
  formerProvinces: readonly string[];
}

export interface AdminUnit {
  code: string;
  /** Official name with its type, e.g. "Phường Ba Đình". */
  name: string;
  type: UnitType;
  /** Name without the type word: "Ba Đình". */
  baseName: string;
  province: Province;
  /** Old communes it absorbed; `whole: false` when only part of the old unit came in. */
  formedFrom: ReadonlyArray<{ code: string; name: string; whole: boolean }>;
}

export interface FormerUnitMatch {
  /** The old unit as it was named before 1 July 2025. */
  former: { code: string | null; name: string; province: string | null; level: 'province' | 'commune' | 'district' };
  /** Current unit(s) that took it over (several when it was split). */
  current: AdminUnit[];
  /** Current province(s) for a former province. */
  currentProvinces: Province[];
  /** True when the answer is inferred from names (old districts are not in the data). */
  approximate: boolean;
}

/** Type words in folded form, longest first, with common abbreviations ("p.", "tt"). */
const UNIT_PREFIX = /^(?:dac khu|thi tran|thi xa|thanh pho|phuong|quan|huyen|tinh|xa|tp|tt|tx|p|x|q|h)\s+/;
const DISTRICT_PREFIX = /^(?:quan|huyen|thi xa|tx|q|h)\s+/;

function stripPrefix(folded: string): string {
  return folded.replace(UNIT_PREFIX, '');
}

function unitType(name: string): UnitType {
  if (/^Phường\s/u.test(name)) return 'phuong';
  if (/^Đặc khu\s/u.test(name)) return 'dac_khu';
  return 'xa';
}

function baseNameOf(name: string): string {
  return name.replace(/^(Phường|Xã|Đặc khu|Thị trấn|Thành phố|Tỉnh)\s+/u, '').trim();
}

/**
 * Everyday names people type for a few provinces, by the province's folded short name ("ho chi
 * minh"). Read here by `findProvince` and by the answers' province names (`bot/answer/province.ts`).
 */
export const PROVINCE_EVERYDAY_NAMES: Readonly<Record<string, readonly string[]>> = {
  'ha noi': ['hn', 'tp hn'],
  'ho chi minh': ['hcm', 'tphcm', 'tp hcm', 'sai gon'],
  'dak lak': ['dac lac', 'daklak'],
};

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Lookups over the administrative units. Build with `loadAdminUnits()`. */
export class AdminUnits {
  readonly effectiveDate: string;
  readonly source: string;
  private readonly provinceList: Province[];
  private readonly unitList: AdminUnit[];
  private readonly unitsByCode = new Map<string, AdminUnit>();
  private readonly provincesByKey = new Map<string, Province[]>();
  private readonly unitsByKey = new Map<string, AdminUnit[]>();
  private readonly formerProvinceByKey = new Map<string, Array<{ name: string; current: Province }>>();
  private readonly formerUnits: AdminUnitsData['formerUnits'];
  /** Built on first use: 10,000 old units are only needed for old-name lookups. */
  private formerIndex: Map<string, AdminUnitsData['formerUnits']> | null = null;

  constructor(data: AdminUnitsData) {
    this.formerUnits = data.formerUnits;
    this.effectiveDate = data.effectiveDate;
    this.source = data.source;
    const provincesByCode = new Map<string, Province>();
    this.provinceList = data.provinces.map((p) => {
      const province: Province = { code: p.code, name: p.name, shortName: baseNameOf(p.name), formerProvinces: p.formerProvinces };
      provincesByCode.set(p.code, province);
      for (const key of new Set([fold(p.name), stripPrefix(fold(p.name)), ...(PROVINCE_EVERYDAY_NAMES[stripPrefix(fold(p.name))] ?? [])])) {
        addTo(this.provincesByKey, key, province);
      }
      for (const former of p.formerProvinces) {
        for (const key of new Set([fold(former), stripPrefix(fold(former))])) {
          addTo(this.formerProvinceByKey, key, { name: former, current: province });
        }
      }
      return province;
    });
    this.unitList = data.units.map((u) => {
      const province = provincesByCode.get(u.province);
      if (!province) throw new AppError('internal:admin_units', `Unit ${u.code} names unknown province ${u.province}`);
      const unit: AdminUnit = {
        code: u.code,
        name: u.name,
        type: unitType(u.name),
        baseName: baseNameOf(u.name),
        province,
        formedFrom: u.from.map(([code, name, whole]) => ({ code, name, whole: whole === 1 })),
      };
      this.unitsByCode.set(unit.code, unit);
      for (const key of new Set([fold(u.name), fold(unit.baseName)])) addTo(this.unitsByKey, key, unit);
      return unit;
    });
  }

  private get formerByKey(): Map<string, AdminUnitsData['formerUnits']> {
    if (!this.formerIndex) {
      const index = new Map<string, AdminUnitsData['formerUnits']>();
      for (const f of this.formerUnits) {
        const folded = fold(f.name);
        for (const key of new Set([folded, stripPrefix(folded)])) {
          const list = index.get(key);
          if (list) list.push(f);
          else index.set(key, [f]);
        }
      }
      this.formerIndex = index;
    }
    return this.formerIndex;
  }

  /** The 34 provinces and centrally-run cities. */
  provinces(): readonly Province[] {
    return this.provinceList;
  }

  /** Every current commune, ward and special zone. */
  units(): readonly AdminUnit[] {
    return this.unitList;
  }

  unitByCode(code: string): AdminUnit | undefined {
    return this.unitsByCode.get(code.trim());
  }

  /**
   * A current province by name, with or without diacritics or "Tỉnh"/"Thành phố"/"TP":
   * "Hà Nội", "ha noi", "TP Hồ Chí Minh", "tphcm".
   */
  findProvince(name: string): Province | undefined {
    const key = fold(name);
    if (/^\d{2}$/.test(name.trim())) return this.provinceList.find((p) => p.code === name.trim());
    return (this.provincesByKey.get(key) ?? this.provincesByKey.get(stripPrefix(key)))?.[0];
  }

  /**
   * Current communes/wards by name, with or without diacritics and with or without the
   * type word ("Phường Ba Đình", "ba dinh", "xã Sóc Sơn"). Several provinces can have a
   * unit of the same name: pass `province` (name or code) to narrow.
   */
  findUnit(name: string, options: { province?: string } = {}): AdminUnit[] {
    const key = fold(name);
    let found = this.unitsByKey.get(key) ?? [];
    if (found.length === 0) found = this.unitsByKey.get(stripPrefix(key)) ?? [];
    // "phường Ba Đình" must not return "Xã Ba Đình" when both exist.
    const typed = /^(phuong|p)\s/.test(key) ? 'phuong' : /^(xa|x)\s/.test(key) ? 'xa' : /^dac khu\s/.test(key) ? 'dac_khu' : null;
    if (typed && found.some((u) => u.type === typed) && found.some((u) => u.type !== typed)) {
      found = found.filter((u) => u.type === typed);
    }
    return this.inProvince(found, options.province);
  }

  private inProvince(units: AdminUnit[], province: string | undefined): AdminUnit[] {
    if (!province) return units;
    const p = this.findProvince(province);
    if (p) return units.filter((u) => u.province.code === p.code);
    // An old province name ("Hà Giang") narrows to the province that absorbed it.
    const former = this.formerProvinceByKey.get(fold(province)) ?? this.formerProvinceByKey.get(stripPrefix(fold(province)));
    if (!former) return [];
    const codes = new Set(former.map((f) => f.current.code));
    return units.filter((u) => codes.has(u.province.code));
  }

  /**
   * Where an old (pre-July-2025) unit went: an old province ("Tỉnh Hà Giang" → Tuyên
   * Quang), an old commune/ward ("Phường Phúc Xá" → Phường Hồng Hà), or, approximately, an
   * old district (see the module comment). `province` may be an old or new province name.
   */
  fromOldName(name: string, options: { province?: string } = {}): FormerUnitMatch[] {
    const key = fold(name);
    const matches: FormerUnitMatch[] = [];
    const isDistrict = DISTRICT_PREFIX.test(key);

    if (!isDistrict) {
      const provinces = this.formerProvinceByKey.get(key) ?? (/^(tinh|thanh pho|tp)\s/.test(key) ? this.formerProvinceByKey.get(stripPrefix(key)) : undefined);
      for (const p of provinces ?? []) {
        matches.push({
          former: { code: null, name: p.name, province: null, level: 'province' },
          current: [],
          currentProvinces: [p.current],
          approximate: false,
        });
      }
      // "Tỉnh Hà Giang" means the province, not the communes named Hà Giang.
      if (matches.length > 0 && /^(tinh|thanh pho|tp)\s/.test(key)) return matches;
      let formers = this.formerByKey.get(key) ?? [];
      if (formers.length === 0) formers = this.formerByKey.get(stripPrefix(key)) ?? [];
      formers = this.formerInProvince(formers, options.province);
      for (const f of formers) {
        const current = f.to.map((c) => this.unitsByCode.get(c)).filter((u): u is AdminUnit => u !== undefined);
        matches.push({
          former: { code: f.code, name: f.name, province: f.formerProvince, level: 'commune' },
          current,
          currentProvinces: [...new Set(current.map((u) => u.province))],
          approximate: false,
        });
      }
      if (matches.length > 0) return matches;
    }

    // Old districts: not in the data. Use the old township of that name, else current units named after it.
    const base = stripPrefix(key);
    const towns = this.formerInProvince(
      (this.formerByKey.get(`thi tran ${base}`) ?? []).filter((f) => f.name.startsWith('Thị trấn')),
      options.province,
    );
    const current = towns.length > 0
      ? towns.flatMap((t) => t.to.map((c) => this.unitsByCode.get(c)).filter((u): u is AdminUnit => u !== undefined))
      : this.inProvince(this.unitsByKey.get(base) ?? [], options.province);
    let unique = [...new Map(current.map((u) => [u.code, u])).values()];
    // An urban district (quận) became wards, not rural communes of the same name elsewhere.
    if (/^(quan|q)\s/.test(key) && unique.some((u) => u.type === 'phuong')) unique = unique.filter((u) => u.type === 'phuong');
    if (unique.length > 0) {
      matches.push({
        former: { code: null, name: cleanDistrictName(name), province: towns[0]?.formerProvince ?? null, level: 'district' },
        current: unique,
        currentProvinces: [...new Set(unique.map((u) => u.province))],
        approximate: true,
      });
    }
    return matches;
  }

  private formerInProvince(formers: AdminUnitsData['formerUnits'], province: string | undefined): AdminUnitsData['formerUnits'] {
    if (!province) return formers;
    const key = fold(province);
    const current = this.findProvince(province);
    return formers.filter((f) => {
      const fk = fold(f.formerProvince);
      if (fk === key || stripPrefix(fk) === stripPrefix(key)) return true;
      // A new province name also covers the old provinces it absorbed.
      return current ? f.to.some((c) => this.unitsByCode.get(c)?.province.code === current.code) : false;
    });
  }

  /** Hà Nội's 126 current units (51 phường, 75 xã), in code order. */
  hanoiWards(): AdminUnit[] {
    return this.unitList.filter((u) => u.province.code === '01');
  }
}

function cleanDistrictName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Load the administrative units (default: the committed `knowledge/data/admin-units.json.gz`).
 * @throws AppError `unavailable:admin_units` when the file is missing, `internal:admin_units` when corrupt.
 */
export async function loadAdminUnits(
  file: string = DEFAULT_ADMIN_UNITS_FILE,
  options: { verify?: 'schema' | 'version' } = {},
): Promise<AdminUnits> {
  if (!existsSync(file)) {
    throw new AppError('unavailable:admin_units', `Administrative units data not found at ${file}. Run "npm run knowledge:import".`);
  }
  try {
    const raw = await readFile(file);
    const bytes = file.endsWith('.gz') ? await gunzipAsync(raw) : raw;
    const json = JSON.parse(bytes.toString('utf8')) as AdminUnitsData;
    // The importer validated the data with zod; at load a version check is enough unless asked.
    if (options.verify === 'schema') return new AdminUnits(adminUnitsDataSchema.parse(json));
    if (json?.schemaVersion !== 1 || !Array.isArray(json.units) || !Array.isArray(json.provinces) || !Array.isArray(json.formerUnits)) {
      throw new Error('not a schemaVersion 1 administrative units file');
    }
    return new AdminUnits(json);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('internal:admin_units', `Administrative units data at ${file} is invalid: ${(err as Error).message}`, { cause: err });
  }
}

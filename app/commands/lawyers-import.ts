import fs from 'node:fs';
import { formatImportReport, parseCsv, servicePointsFromWards, validateRotaCsv } from '../../bot/handoff/index.js';
import { loadAdminUnits } from '../../knowledge/index.js';
import { loadConfig } from '../config.js';
import { openRotaTarget } from './rota-target.js';

const USAGE = `Usage: npm run tthc -- lawyers:import <lawyers.csv> [shifts.csv] [--service-points service-points.csv] [--dry-run]
Columns are documented in channels/console/README.md. Nothing is written unless every row is valid.
`;

/**
 * `lawyers:import`: validates the rota CSV files and loads them in one transaction, into the
 * deployment's rota (PostgreSQL under `DATABASE_URL`, the SQLite file otherwise). Prints the
 * validation report (every bad row with its line and reason). Exit 0 imported (or dry run OK),
 * 1 invalid rows (nothing written), 2 bad arguments or unreadable files.
 */
export async function run(args: string[]): Promise<number> {
  const spIndex = args.indexOf('--service-points');
  const spFile = spIndex >= 0 ? args[spIndex + 1] : undefined;
  const positional = args.filter((a, i) => !a.startsWith('--') && !(spIndex >= 0 && i === spIndex + 1));
  const [lawyersFile, shiftsFile] = positional;
  if (!lawyersFile || (spIndex >= 0 && !spFile)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const read = (f: string) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch (err) {
      throw new Error(`Cannot read ${f}: ${(err as Error).message}`);
    }
  };
  let lawyersCsv: string;
  let shiftsCsv: string | undefined;
  let spCsv: string | undefined;
  try {
    lawyersCsv = read(lawyersFile);
    shiftsCsv = shiftsFile ? read(shiftsFile) : undefined;
    spCsv = spFile ? read(spFile) : undefined;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }

  const config = loadConfig();
  const target = await openRotaTarget(config);
  try {
    const { rota } = target;
    const units = await loadAdminUnits();
    const overrides = new Map<string, { address?: string; hours?: string }>();
    const spErrors: string[] = [];
    if (spCsv !== undefined) {
      const known = new Set(units.hanoiWards().map((w) => w.code));
      const byName = new Map(units.hanoiWards().map((w) => [w.name, w.code]));
      for (const row of parseCsv(spCsv).rows) {
        const code = row.values.code || byName.get(row.values.name ?? '') || '';
        if (!known.has(code)) spErrors.push(`  service-points.csv dòng ${row.line}: phường/xã "${row.values.code || row.values.name || ''}" không thuộc 126 phường/xã Hà Nội`);
        else overrides.set(code, { address: row.values.address, hours: row.values.hours });
      }
    }
    const current = await rota.loadRota();
    const points = servicePointsFromWards(
      units.hanoiWards(),
      new Map(
        units.hanoiWards().map((w) => {
          const existing = current.servicePoints.find((p) => p.code === w.code);
          return [w.code, overrides.get(w.code) ?? { address: existing?.address, hours: existing?.hours }];
        }),
      ),
    );
    const result = validateRotaCsv({
      lawyersCsv,
      shiftsCsv,
      servicePoints: points,
      existingLawyerIds: current.lawyers.map((l) => l.id),
    });
    const report = formatImportReport(result);
    if (result.errors.length || spErrors.length) {
      process.stdout.write(`${result.errors.length ? report : 'Không nhập gì.'}\n${spErrors.join('\n')}${spErrors.length ? '\n' : ''}`);
      return 1;
    }
    if (args.includes('--dry-run')) {
      process.stdout.write(`${report}\n(--dry-run: chưa ghi gì)\n`);
      return 0;
    }
    // Service points, lawyers and schedule in one transaction: all or nothing.
    await rota.importRota({
      servicePoints: points,
      lawyers: result.lawyers,
      schedule: shiftsCsv !== undefined ? { shifts: result.shifts, exceptions: result.exceptions } : undefined,
    });
    process.stdout.write(`${report}\nĐã nhập vào ${target.where}.\n`);
    return 0;
  } finally {
    await target.close();
  }
}

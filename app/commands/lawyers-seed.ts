import path from 'node:path';
import { demoRota, servicePointsFromWards } from '../../bot/handoff/index.js';
import { loadAdminUnits } from '../../knowledge/index.js';
import { SqliteConsoleUsers, generatePassword, type ConsoleRole } from '../../storage/console-users.js';
import { openDatabase } from '../../storage/sqlite.js';
import { loadConfig } from '../config.js';
import { openRotaTarget } from './rota-target.js';

/**
 * `npm run tthc -- lawyers:seed [--password <pw>]`: loads Hà Nội's 126 wards as service points and
 * a demo rota of FICTIONAL lawyers, and creates demo console users. New users get a generated
 * one-time password printed once; `--password` sets a known password for local demos and browser
 * tests only. Existing users are left as they are. Exit 0 on success.
 */
export async function run(args: string[]): Promise<number> {
  const pwIndex = args.indexOf('--password');
  const fixedPassword = pwIndex >= 0 ? args[pwIndex + 1] : undefined;
  if (pwIndex >= 0 && (!fixedPassword || fixedPassword.length < 10)) {
    process.stderr.write('--password needs a value of at least 10 characters\n');
    return 2;
  }
  const config = loadConfig();
  // The rota where the app reads it (PostgreSQL under DATABASE_URL); the console users in the SQLite file.
  const target = await openRotaTarget(config);
  const db = openDatabase(path.join(config.dataDir, 'tthc.sqlite'));
  try {
    const units = await loadAdminUnits();
    const { rota } = target;
    const points = servicePointsFromWards(units.hanoiWards());
    const demo = demoRota(points);
    await rota.importRota({ servicePoints: points, lawyers: demo.lawyers, schedule: { shifts: demo.shifts, exceptions: [] } });
    const counts = await rota.counts();
    process.stdout.write(
      `Rota: ${counts.servicePoints} điểm phục vụ, ${counts.lawyers} luật sư (demo: ${demo.lawyers.length}), ${counts.shifts} ca trực hằng tuần.\n`,
    );

    const users = new SqliteConsoleUsers(db);
    const wanted: Array<{ username: string; role: ConsoleRole; lawyerId?: string; displayName: string }> = [
      { username: 'quantri', role: 'admin', displayName: 'Quản trị (demo)' },
      { username: 'dieuphoi', role: 'coordinator', displayName: 'Điều phối viên (demo)' },
      { username: 'lstruc', role: 'lawyer', lawyerId: 'DEMO-00', displayName: 'LS Trực Tuyến (demo)' },
      { username: 'ls01', role: 'lawyer', lawyerId: 'DEMO-01', displayName: demo.lawyers[1]?.name ?? 'LS 01' },
      { username: 'ls02', role: 'lawyer', lawyerId: 'DEMO-02', displayName: demo.lawyers[2]?.name ?? 'LS 02' },
    ];
    process.stdout.write('\nTài khoản bàn làm việc (/console) — CHỈ DÙNG THỬ TRÊN MÁY CỤC BỘ:\n');
    for (const w of wanted) {
      if (await users.findByUsername(w.username)) {
        process.stdout.write(`  ${w.username.padEnd(10)} ${w.role.padEnd(12)} (đã có, giữ nguyên mật khẩu)\n`);
        continue;
      }
      const password = fixedPassword ?? generatePassword();
      await users.create({ ...w, password });
      process.stdout.write(`  ${w.username.padEnd(10)} ${w.role.padEnd(12)} mật khẩu: ${password}\n`);
    }
    if (!fixedPassword) process.stdout.write('Mật khẩu chỉ hiện một lần. Đổi bằng: npm run tthc -- users:add <tên> <vai trò> --reset\n');
    return 0;
  } finally {
    db.close();
    await target.close();
  }
}

import type { ConsoleAccountDirectory } from '../../channels/console/index.js';
import { SqliteConsoleUsers, CONSOLE_ROLES, generatePassword, type ConsoleRole } from '../../storage/console-users.js';
import { PgConsoleUsers } from '../../storage/postgres/index.js';
import { loadConfig } from '../config.js';
import { openRotaTarget, openStoreTarget } from './rota-target.js';

const USAGE = `Usage: npm run tthc -- users:add <username> <lawyer|coordinator|analyst|admin> [--lawyer <lawyerId>] [--wards <code;code>] [--name "<display name>"] [--reset]
  --lawyer   rota lawyer id (required for role lawyer)
  --wards    ward codes a coordinator manages, or an analyst sees on the city dashboard (default: the whole city)
  roles      lawyer: their cases; coordinator: cases and the dashboard of their wards;
             analyst: the city dashboard and answer review only; admin: everything
  --reset    the user exists: issue a new one-time password (unlocks the account)
`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `users:add`: creates a console user with a generated one-time password (printed once). */
export async function run(args: string[]): Promise<number> {
  const [username, role] = args;
  if (!username || !role || !(CONSOLE_ROLES as readonly string[]).includes(role)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfig();
  let target: Awaited<ReturnType<typeof openUsersTarget>> | undefined;
  try {
    target = await openUsersTarget(config);
    const users = target.users;
    const password = generatePassword();
    const existing = await users.findByUsername(username);
    if (existing) {
      if (!args.includes('--reset')) {
        process.stderr.write(`User "${username}" already exists (use --reset to issue a new password).\n`);
        return 1;
      }
      await users.setPassword(existing.id, password);
      process.stdout.write(`New one-time password for ${existing.username}: ${password}\n`);
      return 0;
    }
    const lawyerId = option(args, '--lawyer');
    if (role === 'lawyer') {
      if (!lawyerId || !(await lawyerOnRota(config, lawyerId))) {
        process.stderr.write(`Role lawyer needs --lawyer <id> of a lawyer on the rota (got "${lawyerId ?? ''}").\n`);
        return 1;
      }
    }
    const user = await users.create({
      username,
      role: role as ConsoleRole,
      lawyerId: role === 'lawyer' ? lawyerId : undefined,
      servicePoints: (option(args, '--wards') ?? '').split(/[;,]/).map((s) => s.trim()).filter(Boolean),
      displayName: option(args, '--name'),
      password,
    });
    process.stdout.write(`Created ${user.role} "${user.username}" in ${target.where}. One-time password (shown once): ${password}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await target?.close();
  }
}

/** The console accounts as the app opens them (PostgreSQL under `DATABASE_URL`, the SQLite file otherwise). */
async function openUsersTarget(config: ReturnType<typeof loadConfig>): Promise<{ users: ConsoleAccountDirectory; where: string; close(): Promise<void> }> {
  const target = await openStoreTarget<ConsoleAccountDirectory>(config, 'users:add', { postgres: (db) => new PgConsoleUsers(db), sqlite: (db) => new SqliteConsoleUsers(db) });
  return { users: target.store, where: target.where, close: target.close };
}

/** Whether the rota (PostgreSQL under DATABASE_URL, the SQLite file otherwise) has this lawyer. */
async function lawyerOnRota(config: ReturnType<typeof loadConfig>, lawyerId: string): Promise<boolean> {
  const target = await openRotaTarget(config);
  try {
    return (await target.rota.getLawyer(lawyerId)) !== undefined;
  } finally {
    await target.close();
  }
}

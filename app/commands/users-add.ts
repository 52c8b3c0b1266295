import path from 'node:path';
import type { ConsoleAccountDirectory } from '../../channels/console/index.js';
import { SqliteConsoleUsers, CONSOLE_ROLES, generatePassword, type ConsoleRole } from '../../storage/console-users.js';
import { checkPgConnection, createPgPool, migratePostgres, PgConsoleUsers, pgDb } from '../../storage/postgres/index.js';
import { openDatabase } from '../../storage/sqlite.js';
import { loadConfig } from '../config.js';
import { openRotaTarget } from './rota-target.js';

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
  let target: UsersTarget | undefined;
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

interface UsersTarget {
  users: ConsoleAccountDirectory;
  where: string;
  close(): Promise<void>;
}

/**
 * The console accounts as the app opens them: PostgreSQL under `DATABASE_URL` (connected and
 * migrated first, so the command works before the first start), the SQLite file otherwise.
 */
async function openUsersTarget(config: ReturnType<typeof loadConfig>): Promise<UsersTarget> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    const pool = createPgPool(url, { max: 2, applicationName: 'tro-ly-tthc users:add' });
    try {
      await checkPgConnection(pool, url);
      await migratePostgres(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    const u = new URL(url);
    return { users: new PgConsoleUsers(pgDb(pool)), where: `PostgreSQL ${u.host}${u.pathname}`, close: () => pool.end() };
  }
  const file = path.join(config.dataDir, 'tthc.sqlite');
  const db = openDatabase(file);
  return {
    users: new SqliteConsoleUsers(db),
    where: file,
    close: async () => {
      db.close();
    },
  };
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

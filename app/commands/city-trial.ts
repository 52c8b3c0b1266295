import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateProfileKey } from '../../storage/crypto.js';
import { describePgUrl } from '../../storage/postgres/pool.js';
import { createBalancer } from '../balancer.js';

const USAGE = `Usage: DATABASE_URL=postgres://… npm run tthc -- city:trial [--processes 2] [--port 3990] [--data-dir .data/trial]
  Starts N identical app processes on the PostgreSQL database of DATABASE_URL (ports
  PORT+1 … PORT+N, DATA_DIR <data-dir>/p1 …) and the round-robin balancer on --port, for a
  trial of the city deployment on one machine. The processes share DIRECTLINE_SECRET and the
  personal-data key (PROFILE_ENCRYPTION_KEY if set, otherwise the key file <data-dir>/profile.key,
  created once here before any process starts). Ctrl-C stops everything. Kill one process
  (its pid is printed) to watch the others take over its work.
`;

/** `city:trial`: N app processes + the balancer, until SIGINT/SIGTERM. */
export async function run(args: string[]): Promise<number> {
  let values: { processes: string; port: string; 'data-dir': string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { processes: { type: 'string', default: '2' }, port: { type: 'string', default: '3990' }, 'data-dir': { type: 'string', default: '.data/trial' }, help: { type: 'boolean', short: 'h' } },
    }) as { values: typeof values });
  } catch (err) {
    process.stderr.write(`city:trial: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const url = process.env.DATABASE_URL;
  const n = Number(values.processes);
  const port = Number(values.port);
  if (!url || !Number.isInteger(n) || n < 1 || n > 16 || !Number.isInteger(port) || port < 1 || port + n > 65535) {
    process.stderr.write(`city:trial: DATABASE_URL must be set, --processes 1..16, --port a port number.\n\n${USAGE}`);
    return 2;
  }
  try {
    describePgUrl(url);
  } catch (err) {
    process.stderr.write(`city:trial: ${(err as Error).message}\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir']);
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
  if (!env.DIRECTLINE_SECRET) {
    const file = path.join(dataDir, 'directline.secret');
    if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
    env.DIRECTLINE_SECRET = fs.readFileSync(file, 'utf8').trim();
  }
  if (!env.PROFILE_ENCRYPTION_KEY) {
    const keyFile = env.PROFILE_KEY_FILE ? path.resolve(env.PROFILE_KEY_FILE) : path.join(dataDir, 'profile.key');
    loadOrCreateProfileKey({ dataDir, keyFile }); // once, here: N processes racing to create it would each make their own
    env.PROFILE_KEY_FILE = keyFile;
  }

  const children: ChildProcess[] = [];
  const backends: string[] = [];
  for (let i = 1; i <= n; i++) {
    const childEnv = { ...env, PORT: String(port + i), DATA_DIR: path.join(dataDir, `p${i}`) };
    // The same entry point and loader flags (tsx) as this process: `serve` on another port.
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'serve'], { env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(child);
    backends.push(`http://127.0.0.1:${port + i}`);
    process.stdout.write(`process ${i}: pid ${child.pid}, http://127.0.0.1:${port + i}, DATA_DIR ${childEnv.DATA_DIR}\n`);
    child.on('exit', (code, signal) => process.stdout.write(`process ${i} (pid ${child.pid}) exited (${signal ?? code})\n`));
  }
  const balancer = createBalancer({ backends, log: (level, message, data) => process.stdout.write(`balancer ${level}: ${message} ${JSON.stringify(data ?? {})}\n`) });
  const bound = await balancer.listen(port, process.env.HOST ?? '0.0.0.0');
  process.stdout.write(`balancer: http://127.0.0.1:${bound} → ${backends.join(', ')} (a process is used once its /readyz answers)\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await balancer.close();
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
  return 0;
}

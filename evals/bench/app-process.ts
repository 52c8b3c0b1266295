import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase } from '../../storage/contract/engines.js';

/**
 * The real app as a child process (`node --import tsx app/main.ts serve`, what `npm start`
 * runs), for the failover test and the scale-out benchmark: started on port 0, its URL and
 * its lease owners read from its JSON log lines, stopped with SIGTERM or killed with SIGKILL.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a start builds under DATA_DIR and a fresh one can reuse (checked and rebuilt by the app when stale). */
const CACHED = ['index', 'articles-index', 'understanding-model.json'];

export interface AppProcess {
  name: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  pid: number;
  dataDir: string;
  /** `lease_owner` of the web chat messages it accepted (PostgreSQL only). */
  directLineOwner?: string;
  /** `lease_owner` of its Zalo inbox and outbox claims (when Zalo is configured). */
  zaloOwner?: string;
  /** The last log lines (stdout and stderr), for a failure message. */
  logTail(): string[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGKILL: no clean-up of any kind; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop: turns in flight finish, leases released); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Copies the reusable start-up artefacts of `cacheDir` into a new DATA_DIR. */
export function seedDataDir(dataDir: string, cacheDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  for (const name of CACHED) {
    const from = path.join(cacheDir, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dataDir, name), { recursive: true });
  }
}

/**
 * Replaces the artefacts in `cacheDir` with those of a DATA_DIR whose process has started
 * (so they are current): the next run's processes start without rebuilding.
 */
export function refreshCache(cacheDir: string, dataDir: string): void {
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const name of CACHED) {
    const from = path.join(dataDir, name);
    if (!fs.existsSync(from)) continue;
    const to = path.join(cacheDir, name);
    const staging = `${to}.${process.pid}.tmp`;
    fs.cpSync(from, staging, { recursive: true });
    fs.rmSync(to, { recursive: true, force: true });
    fs.renameSync(staging, to);
  }
}

/**
 * Starts one app process with `env` (on top of PATH and HOME only: nothing of the parent's
 * configuration leaks in) on 127.0.0.1, port 0. Resolves once it listens and, when Zalo or
 * DATABASE_URL is configured, once it has logged its lease owner ids.
 */
export async function startAppProcess(opts: { name: string; dataDir: string; env: Record<string, string>; startTimeoutMs?: number }): Promise<AppProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    ...opts.env,
    DATA_DIR: opts.dataDir,
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts', 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let url: string | undefined;
  let directLineOwner: string | undefined;
  let zaloOwner: string | undefined;
  const onLine = (line: string) => {
    tail.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
    if (tail.length > 60) tail.shift();
    if (!line.startsWith('{')) return;
    let rec: { msg?: string; url?: string; instanceId?: string; instance?: string };
    try {
      rec = JSON.parse(line) as typeof rec;
    } catch {
      return;
    }
    if (rec.msg?.startsWith('listening') && rec.url) url = `http://127.0.0.1:${new URL(rec.url).port}`;
    if (rec.msg === 'Direct Line shared through PostgreSQL' && rec.instanceId) directLineOwner = rec.instanceId;
    if (rec.msg === 'zalo: channel started' && rec.instance) zaloOwner = rec.instance;
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  }
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  const wantZalo = opts.env.ZALO_APP_ID !== undefined;
  const wantShared = opts.env.DATABASE_URL !== undefined;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 180_000);
  while (!(url && (!wantZalo || zaloOwner) && (!wantShared || directLineOwner))) {
    if (exitCode !== undefined) throw new Error(`app process ${opts.name} exited during start-up (${String(exitCode)}):\n${tail.join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app process ${opts.name} did not start in time:\n${tail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    name: opts.name,
    url,
    pid: child.pid!,
    dataDir: opts.dataDir,
    directLineOwner,
    zaloOwner,
    logTail: () => [...tail],
    exited,
    async kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 25_000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Brings `cacheDir` up to date by starting the app once on SQLite there (it builds or checks
 * the retrieval indexes, the article index and the understanding model) and stopping it:
 * later DATA_DIRs seeded from it start in seconds. Returns the seconds it took.
 */
export async function warmCache(cacheDir: string): Promise<number> {
  const t0 = performance.now();
  fs.mkdirSync(cacheDir, { recursive: true });
  const p = await startAppProcess({ name: 'cache', dataDir: cacheDir, env: { PROFILE_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('hex'), DIRECTLINE_SECRET: 'cache-warm-secret-0123456789' } });
  await p.stop();
  return (performance.now() - t0) / 1000;
}

/** A fresh database on the server of `adminUrl`, its URL, and a way to drop it. */
export const freshDatabase = (adminUrl: string, prefix: string) => createTestDatabase(prefix, adminUrl);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

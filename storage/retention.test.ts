import { describe, expect, it } from 'vitest';
import type { BotLogger, JobLock } from '../bot/ports/index.js';
import { MemoryJobLock } from './job-lock-memory.js';
import { daysBefore, RETENTION_JOB, RetentionRunner, type RetentionTask } from './retention.js';

class FakeLogger implements BotLogger {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; obj: unknown; msg?: string }> = [];
  info = (obj: unknown, msg?: string) => void this.lines.push({ level: 'info', obj, msg });
  warn = (obj: unknown, msg?: string) => void this.lines.push({ level: 'warn', obj, msg });
  error = (obj: unknown, msg?: string) => void this.lines.push({ level: 'error', obj, msg });
}

describe('RetentionRunner', () => {
  const now = new Date('2026-12-06T03:00:00Z');

  it('runs every task at one instant; a failing task is logged with its error and the others still run', async () => {
    const seen: Date[] = [];
    const tasks: RetentionTask[] = [
      { name: 'turns', run: (at) => (seen.push(at), 3) },
      { name: 'broken', run: () => Promise.reject(new Error('disk full')) },
      { name: 'files', run: async (at) => (seen.push(at), 0) },
    ];
    const logger = new FakeLogger();
    const deleted = await new RetentionRunner(tasks, { everyMs: 60_000, clock: () => now, logger }).sweep();
    expect(deleted).toEqual({ turns: 3, files: 0 });
    expect(seen).toEqual([now, now]);
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatchObject({ level: 'error', msg: 'retention task failed', obj: { task: 'broken' } });
    expect(((logger.lines[0]!.obj as { err: Error }).err).message).toBe('disk full');
    expect(logger.lines[1]).toEqual({ level: 'info', obj: { turns: 3, files: 0 }, msg: 'retention: expired personal data deleted' });
  });

  it('logs nothing when nothing expired, and overlapping sweeps share one pass', async () => {
    let runs = 0;
    const logger = new FakeLogger();
    const runner = new RetentionRunner([{ name: 'a', run: async () => (runs++, 0) }], { everyMs: 60_000, clock: () => now, logger });
    const [x, y] = await Promise.all([runner.sweep(), runner.sweep()]);
    expect(x).toBe(y);
    expect(runs).toBe(1);
    expect(logger.lines).toEqual([]);
    expect(runner.taskNames).toEqual(['a']);
  });

  it('two runners sharing one job lock (two processes on one database) sweeping at once run one pass', async () => {
    const lock = new MemoryJobLock();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const task: RetentionTask = { name: 'a', run: async () => (runs++, await gate, 2) };
    const logger = new FakeLogger();
    const one = new RetentionRunner([task], { everyMs: 60_000, clock: () => now, logger, jobLock: lock });
    const two = new RetentionRunner([task], { everyMs: 60_000, clock: () => now, logger, jobLock: lock });
    const first = one.trySweep();
    // The second is told at once, while the first is still sweeping.
    expect(await two.trySweep()).toEqual({ ran: false });
    expect(await two.sweep()).toEqual({});
    release();
    expect(await first).toEqual({ ran: true, value: { a: 2 } });
    expect(runs).toBe(1);
    // Once the first is done, the next round may run anywhere.
    expect(await two.trySweep()).toEqual({ ran: true, value: { a: 2 } });
    expect(runs).toBe(2);
  });

  it('sweeps under the retention job lock, and a lock that cannot be had is logged by the schedule, not thrown', async () => {
    const names: string[] = [];
    const failing: JobLock = {
      runExclusive: async (name) => {
        names.push(name);
        throw new Error('connection refused');
      },
    };
    const logger = new FakeLogger();
    const runner = new RetentionRunner([{ name: 'a', run: () => 1 }], { everyMs: 60_000, clock: () => now, logger, jobLock: failing });
    await expect(runner.sweep()).rejects.toThrow('connection refused');
    runner.start();
    await runner.stop();
    expect(names).toEqual([RETENTION_JOB, RETENTION_JOB]);
    expect(logger.lines).toMatchObject([{ level: 'error', msg: 'retention sweep could not start' }]);
  });

  it('daysBefore counts whole days back', () => {
    expect(daysBefore(now, 30).toISOString()).toBe('2026-11-06T03:00:00.000Z');
  });
});

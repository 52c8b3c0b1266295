import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/ports/index.js';
import { Scheduler } from './scheduler.js';

/** The channel's timer loop with asynchronous passes (the queues answer over a round trip). */
describe('Scheduler', () => {
  const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('never overlaps passes, and runs one more pass for a kick that came during a pass', async () => {
    let running = 0;
    let maxRunning = 0;
    let passes = 0;
    let release: (() => void) | undefined;
    const scheduler = new Scheduler({
      pass: async () => {
        passes++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (passes === 1) await new Promise<void>((r) => (release = r));
        running--;
      },
      upkeep: () => {},
      busy: () => false,
      nextDue: async () => undefined,
      pollMs: 60_000,
      tokenCheckMs: 60_000,
      clock: Date.now,
      logger: silentLogger,
    });
    scheduler.start();
    await settle(20);
    expect(passes).toBe(1);
    // Work arrives while the first pass waits on its queue read.
    scheduler.kick();
    await settle(20);
    expect(passes).toBe(1);
    release!();
    await settle(20);
    expect(passes).toBe(2);
    expect(maxRunning).toBe(1);
    scheduler.stop();
  });

  it('sleeps until the next due retry read from the queues, and keeps looping when that read fails', async () => {
    let passes = 0;
    let reads = 0;
    const scheduler = new Scheduler({
      pass: async () => {
        passes++;
      },
      upkeep: () => {},
      busy: () => false,
      nextDue: async () => {
        reads++;
        if (reads === 1) throw new Error('connection lost');
        return Date.now() + 30;
      },
      pollMs: 60_000,
      tokenCheckMs: 60_000,
      clock: Date.now,
      logger: silentLogger,
    });
    scheduler.start();
    await settle(20);
    // The failed read fell back to the poll interval; a kick wakes it.
    expect(passes).toBe(1);
    scheduler.kick();
    await settle(80);
    // Second pass from the kick, third from the due retry 30 ms later.
    expect(passes).toBeGreaterThanOrEqual(3);
    scheduler.stop();
  });
});

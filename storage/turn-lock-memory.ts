import type { TurnLock } from '../bot/ports/index.js';

/**
 * The in-process `TurnLock` (one process, SQLite deployment): turns of one key run one after
 * the other in arrival order; other keys are not held up. Keys are forgotten when idle.
 */
export class MemoryTurnLock implements TurnLock {
  private readonly tails = new Map<string, Promise<void>>();

  async serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await fn();
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

import type { JobLock, JobRun } from '../bot/ports/index.js';

/**
 * The in-process `JobLock` (one process, SQLite deployment): a job already running in this
 * process is skipped, never run twice at once.
 */
export class MemoryJobLock implements JobLock {
  private readonly running = new Set<string>();

  async runExclusive<T>(name: string, fn: () => Promise<T>): Promise<JobRun<T>> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      return { ran: true, value: await fn() };
    } finally {
      this.running.delete(name);
    }
  }
}

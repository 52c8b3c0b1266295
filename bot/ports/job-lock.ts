/**
 * Port: work that must run on ONE process at a time across every process sharing a database
 * (issue 16): the legal-aid scheduler's tick (re-offers, service-level flags), the retention
 * sweep, the analytics roll-ups. Each process keeps its own timer; at each tick it asks the
 * lock, and only the process that gets it does the work; the others skip that round.
 *
 * The lock is held only while `fn` runs: a process that dies releases it (PostgreSQL ends
 * its session's advisory locks when the connection goes), so a job never stays stuck behind
 * a dead process.
 */
export type JobRun<T> = { ran: true; value: T } | { ran: false };

export interface JobLock {
  /**
   * Runs `fn` when no process (this one included) is running job `name` now; otherwise does
   * nothing and resolves `{ ran: false }` at once (never waits). A throwing `fn` releases the
   * lock and rejects with its error.
   */
  runExclusive<T>(name: string, fn: () => Promise<T>): Promise<JobRun<T>>;
}

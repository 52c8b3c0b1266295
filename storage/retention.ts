import type { BotLogger, JobLock, JobRun } from '../bot/ports/index.js';
import { MemoryJobLock } from './job-lock-memory.js';

/**
 * Retention on a schedule (Law 91/2025/QH15: keep personal data no longer than needed).
 * Every store that holds personal data contributes a task; ONE runner per process calls
 * them all at start and then every `everyMs`. A failing task is logged and the others run.
 * Several processes sharing one database each keep a runner; each pass runs under the
 * `retention` job lock, so one process sweeps and the others skip that round.
 */
export interface RetentionTask {
  readonly name: string;
  /** Deletes what has expired at `now`; returns how many rows went. */
  run(now: Date): number | Promise<number>;
}

export interface RetentionRunnerOptions {
  everyMs: number;
  clock?: () => Date;
  /** Where failures and deletions are reported (the process logger). */
  logger: BotLogger;
  /**
   * Who may sweep now among the processes sharing the stores: `PgJobLock` under
   * DATABASE_URL; default an in-process lock (one process, SQLite).
   */
  jobLock?: JobLock;
}

/** The job lock's name for the retention pass: one process at a time sweeps. */
export const RETENTION_JOB = 'retention';

export class RetentionRunner {
  private timer?: NodeJS.Timeout;
  private running?: Promise<JobRun<Record<string, number>>>;
  private readonly clock: () => Date;
  private readonly jobLock: JobLock;

  constructor(
    private readonly tasks: readonly RetentionTask[],
    private readonly opts: RetentionRunnerOptions,
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.jobLock = opts.jobLock ?? new MemoryJobLock();
  }

  get taskNames(): string[] {
    return this.tasks.map((t) => t.name);
  }

  /**
   * One pass over every task, unless another process is sweeping now (`{ ran: false }`, at
   * once). Overlapping calls in this process share the pass in flight.
   */
  trySweep(): Promise<JobRun<Record<string, number>>> {
    this.running ??= this.jobLock
      .runExclusive(RETENTION_JOB, async () => {
        const now = this.clock();
        const deleted: Record<string, number> = {};
        for (const task of this.tasks) {
          try {
            deleted[task.name] = await task.run(now);
          } catch (err) {
            this.opts.logger.error({ task: task.name, err }, 'retention task failed');
          }
        }
        if (Object.values(deleted).some((n) => n > 0)) this.opts.logger.info(deleted, 'retention: expired personal data deleted');
        return deleted;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** `trySweep`, reading a pass another process is running as nothing deleted here (`{}`). */
  async sweep(): Promise<Record<string, number>> {
    const run = await this.trySweep();
    return run.ran ? run.value : {};
  }

  /** Sweeps now, then on the schedule. */
  start(): void {
    if (this.timer) return;
    // The lock itself may fail (the database unreachable): logged, and the next tick tries again.
    const tick = () => void this.trySweep().catch((err: unknown) => this.opts.logger.error({ err }, 'retention sweep could not start'));
    tick();
    this.timer = setInterval(tick, this.opts.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}

/** `now` minus `days` days. */
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

import type { BotLogger } from '../bot/ports/index.js';

/**
 * Retention on a schedule (Law 91/2025/QH15: keep personal data no longer than needed).
 * Every store that holds personal data contributes a task; ONE runner per process calls
 * them all at start and then every `everyMs`. A failing task is logged and the others run.
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
}

export class RetentionRunner {
  private timer?: NodeJS.Timeout;
  private running?: Promise<Record<string, number>>;
  private readonly clock: () => Date;

  constructor(
    private readonly tasks: readonly RetentionTask[],
    private readonly opts: RetentionRunnerOptions,
  ) {
    this.clock = opts.clock ?? (() => new Date());
  }

  get taskNames(): string[] {
    return this.tasks.map((t) => t.name);
  }

  /** One pass over every task (overlapping calls share the pass in flight). */
  sweep(): Promise<Record<string, number>> {
    this.running ??= (async () => {
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
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Sweeps now, then on the schedule. */
  start(): void {
    if (this.timer) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.opts.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** `now` minus `days` days. */
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

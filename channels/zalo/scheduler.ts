import type { BotLogger } from '../../bot/ports/index.js';
import type { Clock } from './time.js';
import { errMessage } from './util.js';

export interface SchedulerDeps {
  /** One pass over the work: start due turns and sends (they run on after it settles). */
  pass(): Promise<void>;
  /** Token upkeep, run at most every `tokenCheckMs`. */
  upkeep(): void;
  /** True while turns or sends are in flight (their completion kicks the loop). */
  busy(): boolean;
  /** Earliest time queued work falls due (retries, released events), if any. */
  nextDue(): Promise<number | undefined>;
  pollMs: number;
  tokenCheckMs: number;
  clock: Clock;
  logger: BotLogger;
}

/**
 * The channel's one timer loop. A `kick` (new event, finished send) runs a pass at once;
 * otherwise the loop wakes every `pollMs` (work from other processes sharing the database)
 * or, when idle, at the next due retry if that is sooner. Passes never overlap.
 */
export class Scheduler {
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  /** A tick came while a pass was running: run another pass when it ends. */
  private again = false;
  private kicked = false;
  private lastUpkeep = 0;

  constructor(private readonly d: SchedulerDeps) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
    this.stopped = false;
    this.lastUpkeep = 0;
    this.kicked = false;
    this.again = false;
    this.kick();
  }

  /** No more passes; what is in flight is the caller's to await. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A stopped loop ignores kicks and timers still queued (set once in-flight turns are settled). */
  markStopped(): void {
    this.stopped = true;
  }

  /** Runs a pass as soon as possible (coalesced). */
  readonly kick = (): void => {
    if (!this.running || this.stopped || this.kicked) return;
    this.kicked = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.tick, 0);
  };

  private async schedule(): Promise<void> {
    if (!this.running || this.stopped) return;
    let delay = this.d.pollMs;
    // While work is in flight its completion kicks the loop; only an idle loop needs to know
    // when the next retry falls due (those queries scan every open row).
    if (!this.d.busy()) {
      try {
        const next = await this.d.nextDue();
        if (next !== undefined) delay = Math.min(delay, next - this.d.clock());
      } catch (err) {
        this.d.logger.error({ err: errMessage(err) }, 'zalo: could not read when queued work falls due');
      }
    }
    // A kick during the read already set its own timer (or started a pass); a stop ends the loop.
    if (!this.running || this.stopped || this.kicked || this.ticking) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.tick, Math.max(5, delay));
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    this.kicked = false;
    if (this.stopped) return;
    if (this.ticking) {
      // The pass in flight may have read the queues before this kick's work arrived.
      this.again = true;
      return;
    }
    this.ticking = true;
    void this.runPass();
  };

  private async runPass(): Promise<void> {
    try {
      if (this.d.clock() - this.lastUpkeep >= this.d.tokenCheckMs) {
        this.lastUpkeep = this.d.clock();
        this.d.upkeep();
      }
      await this.d.pass();
    } catch (err) {
      this.d.logger.error({ err: errMessage(err) }, 'zalo: scheduler tick failed');
    } finally {
      this.ticking = false;
      if (this.again) {
        this.again = false;
        this.kick();
      } else await this.schedule();
    }
  }
}

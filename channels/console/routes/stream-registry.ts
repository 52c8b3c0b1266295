import type { Response } from 'express';
import { CONSOLE_TOPIC, parseConsoleEvent, type ConsoleEvent } from '../../../bot/handoff/index.js';
import type { EventBus } from '../../../bot/ports/index.js';

/** An open case stream, told of changes another process made to its case. */
export interface RemoteCaseListener {
  /** A change announced by another process: read it from the store and push it. */
  onEvent(e: ConsoleEvent): void;
  /** Announcements may have been lost (the bus reconnected): re-read the case and its transcript. */
  onGap(): void;
}

/** What the registry needs to follow other processes' changes. */
export interface RemoteEvents {
  bus: EventBus;
  /** The local handoff service's id: its own events reach its streams directly. */
  origin?: string;
  log: (level: 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
}

/**
 * The console's open live streams: all of them (so the owner ends them on shutdown) and, by
 * session token, a way to end a session's streams at once (logout).
 */
export class StreamRegistry {
  private readonly bySession = new Map<string, Map<Response, (reason: string) => void>>();
  private readonly byCase = new Map<string, Set<RemoteCaseListener>>();
  private subscribed?: Promise<void>;

  constructor(
    /** Every open stream; shared with the owner, which ends them on shutdown. */
    readonly all: Set<Response>,
    /** The bus of other processes' changes; without it `watchCase` only registers (one process). */
    private readonly remote?: RemoteEvents,
  ) {}

  /** Whether case streams follow other processes' changes (a bus was given). */
  get followsOtherProcesses(): boolean {
    return this.remote !== undefined;
  }

  /**
   * Registers a case stream for other processes' changes to `caseId`. Resolves once changes
   * published from then on reach it: the process subscribes to the bus's `console` topic
   * once, at its first stream, and keeps the subscription. Returns the unregister function.
   */
  async watchCase(caseId: string, listener: RemoteCaseListener): Promise<() => void> {
    let listeners = this.byCase.get(caseId);
    if (!listeners) this.byCase.set(caseId, (listeners = new Set()));
    listeners.add(listener);
    const unwatch = () => {
      const set = this.byCase.get(caseId);
      set?.delete(listener);
      if (set && set.size === 0) this.byCase.delete(caseId);
    };
    if (this.remote) {
      try {
        await (this.subscribed ??= this.subscribe(this.remote));
      } catch (err) {
        // The next stream tries again; this one still gets its own process's changes.
        this.subscribed = undefined;
        this.remote.log('error', 'console: cannot follow other processes (event bus subscribe failed)', { err: String(err) });
      }
    }
    return unwatch;
  }

  private async subscribe(remote: RemoteEvents): Promise<void> {
    await remote.bus.subscribe(
      CONSOLE_TOPIC,
      (payload) => {
        const e = parseConsoleEvent(payload);
        if (!e) {
          remote.log('warn', 'console: malformed event on the bus ignored');
          return;
        }
        if (remote.origin !== undefined && e.origin === remote.origin) return;
        for (const l of this.byCase.get(e.caseId) ?? []) l.onEvent(e);
      },
      {
        onGap: () => {
          for (const set of this.byCase.values()) for (const l of set) l.onGap();
        },
      },
    );
  }

  add(token: string, res: Response, end: (reason: string) => void): void {
    this.all.add(res);
    let streams = this.bySession.get(token);
    if (!streams) this.bySession.set(token, (streams = new Map()));
    streams.set(res, end);
  }

  remove(token: string, res: Response): void {
    this.all.delete(res);
    const streams = this.bySession.get(token);
    streams?.delete(res);
    if (streams && streams.size === 0) this.bySession.delete(token);
  }

  /** Ends every stream of a session, telling each client why. */
  endSession(token: string, reason: string): void {
    for (const end of this.bySession.get(token)?.values() ?? []) end(reason);
    this.bySession.delete(token);
  }
}

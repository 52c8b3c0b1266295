import type { Response } from 'express';

/**
 * The console's open live streams: all of them (so the owner ends them on shutdown) and, by
 * session token, a way to end a session's streams at once (logout).
 */
export class StreamRegistry {
  private readonly bySession = new Map<string, Map<Response, (reason: string) => void>>();

  constructor(
    /** Every open stream; shared with the owner, which ends them on shutdown. */
    readonly all: Set<Response>,
  ) {}

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

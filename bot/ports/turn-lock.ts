/**
 * Port: one turn at a time per conversation, across every process (issue 16). Behind a load
 * balancer two messages of one conversation typed in quick succession may reach two processes;
 * each would load the same conversation state, and the second save would fail its eTag after
 * its replies were sent (the citizen sees an apology, the first answer's state is what stays).
 * The bot runs each turn, state load to state save, inside `serialize(conversation key)`: the
 * second turn waits for the first and then reads the state the first saved.
 *
 * Waiting is bounded: after `waitMs` (the implementation's) the turn fails with
 * `TurnLockTimeoutError`, and its channel retries it as for any failed turn.
 */
export interface TurnLock {
  serialize<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export class TurnLockTimeoutError extends Error {
  constructor(readonly key: string, readonly waitedMs: number) {
    super(`turn lock: another turn of this conversation held the lock for more than ${waitedMs} ms`);
    this.name = 'TurnLockTimeoutError';
  }
}

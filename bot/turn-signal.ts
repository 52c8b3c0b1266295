import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../knowledge/errors.js';

/**
 * Cancelling a bot turn. A channel that gives up on a turn (a timeout, after which it will
 * retry the event) aborts the turn's `AbortSignal`; the turn may still be running, and
 * without this it could open a case or offer it to a lawyer AFTER the retry has done the
 * same. The channel puts the signal in `turnState` under `TURN_SIGNAL_KEY`; the bot runs
 * the turn inside `runWithTurnSignal`, so any code the turn reaches (skills, stores) can
 * call `throwIfTurnCancelled()` right before a side effect, without the signal being
 * threaded through every call. A cancelled turn saves no state.
 */
export const TURN_SIGNAL_KEY = 'tthc.signal';

const current = new AsyncLocalStorage<AbortSignal>();

export function runWithTurnSignal<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  return signal ? current.run(signal, fn) : fn();
}

/** The signal of the turn this code runs in, if the channel gave one. */
export function turnSignal(): AbortSignal | undefined {
  return current.getStore();
}

/** Throws `unavailable:turn_cancelled` when the current turn has been cancelled. */
export function throwIfTurnCancelled(before: string): void {
  if (current.getStore()?.aborted) {
    throw new AppError('unavailable:turn_cancelled', `Turn cancelled (timed out) before it could ${before}`);
  }
}

/**
 * Runs `turn` with a fresh signal that is aborted after `ms`: rejects with
 * `unavailable:turn_timeout` at the deadline, and the turn, if still running, finds its
 * signal aborted at its next side effect. For channels: `runCancellable(ms, (signal) =>
 * adapter.run(activity, (ctx) => { ctx.turnState.set(TURN_SIGNAL_KEY, signal); return bot.run(ctx); }))`.
 */
export async function runCancellable<T>(ms: number, turn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AppError('unavailable:turn_timeout', `Bot turn took longer than ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([turn(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

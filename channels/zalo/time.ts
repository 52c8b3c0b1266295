/** Time as the Zalo channel's workers see it: injected so tests drive a fake clock. */

/** Epoch milliseconds. */
export type Clock = () => number;

/** Waits `ms` (tests may resolve immediately or advance a fake clock). */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

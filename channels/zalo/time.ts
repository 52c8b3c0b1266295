/**
 * Small injected dependencies of the Zalo channel: clock, sleep and logger. Pino's logger
 * satisfies `ZaloLogger`; tests pass a recording fake.
 */

/** Epoch milliseconds. */
export type Clock = () => number;

/** Waits `ms` (tests may resolve immediately or advance a fake clock). */
export type Sleep = (ms: number) => Promise<void>;

export interface ZaloLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const silentLogger: ZaloLogger = { debug() {}, info() {}, warn() {}, error() {} };

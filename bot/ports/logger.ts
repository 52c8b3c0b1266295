/** Port: the logger shape the core uses, compatible with pino (so `app/` passes its logger unchanged). */

type LogFn = (obj: unknown, msg?: string) => void;

/** The subset of pino's logger the core uses. */
export interface BotLogger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  debug?: LogFn;
}

/** A logger that drops everything (tests, `ask`). */
export const silentLogger: BotLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

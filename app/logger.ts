import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactPersonalData } from '../bot/index.js';

export type { Logger } from 'pino';

/*
 * Personal data never reaches the logs (Law 91/2025/QH15): every string a log line
 * carries is passed through `redactPii` by pino's formatters, whatever field it sits in.
 *
 * - National ID (CCCD): exactly 12 digits, possibly written in groups ("0010 9900 1234").
 * - Vietnamese phone numbers: 10 digits starting with 0 (03x, 05x, 07x, 08x, 09x, 02x
 *   landlines with 11 digits), or +84 / 84 followed by 9–10 digits, with optional
 *   spaces, dots or dashes between groups.
 *
 * Over-redaction (an unrelated 12-digit number) is preferred to a leak.
 */

/** The bot's redaction (one implementation for logs, turn logs and transcripts). */
export const redactPii: (text: string) => string = redactPersonalData;
export { REDACTED_ID, REDACTED_PHONE } from '../bot/index.js';

/** Deep copy of `value` with every string redacted; cycles and depth are bounded. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactPii(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = {
      type: value.name,
      message: redactPii(value.message),
      stack: value.stack ? redactPii(value.stack) : undefined,
    };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    if (value.cause !== undefined) out.cause = redactValue(value.cause, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  if (value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1, seen);
  return out;
}

export interface CreateLoggerOptions {
  level?: LoggerOptions['level'];
  /** Where JSON lines go; stdout by default. Tests pass a memory stream. */
  destination?: DestinationStream;
  /** Static fields on every line (service name, ...). */
  base?: Record<string, unknown>;
}

/**
 * Structured JSON logger (pino) with PII redaction applied to the message and to every
 * string inside logged objects, including errors.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'tro-ly-tthc', ...(options.base ?? {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redactValue(obj) as Record<string, unknown>,
    },
    serializers: { err: (e: unknown) => redactValue(e) },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((a) => (typeof a === 'string' ? redactPii(a) : a)) as typeof args;
        method.apply(this, redacted);
      },
    },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** A logger that drops everything (tests that do not look at logs). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

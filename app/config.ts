import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { describePgUrl, PgConfigError } from '../storage/postgres/pool.js';

/**
 * The only place that reads `process.env`. Every setting has an offline default or is
 * optional; `loadConfig` reports every problem at once.
 */

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.string().url().optional());

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  /** Base URL the public reaches us at (OAuth redirects, file links). */
  PUBLIC_BASE_URL: optionalUrl,
  /** Operator token for admin endpoints (Zalo OAuth start); endpoints are disabled without it. */
  ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
  /**
   * Which reverse proxies to believe about the client address (X-Forwarded-For) and scheme:
   * `false`, `true`, a hop count, or addresses/subnets/`loopback`,`linklocal`,`uniquelocal`
   * (comma-separated). Every rate limiter keys on the address this yields.
   */
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.string().default('loopback')),

  /** The deployment's province: its own procedure variants stay eligible, other provinces' only when named. */
  DEPLOYMENT_PROVINCE: z.preprocess(emptyToUndefined, z.string().min(2).default('Hà Nội')),

  /**
   * PostgreSQL shared by several app processes (`postgres://USER:PASSWORD@HOST:5432/DATABASE`,
   * city deployment). Unset: the embedded SQLite database under DATA_DIR.
   */
  DATABASE_URL: optionalString,

  // Direct Line
  DIRECTLINE_SECRET: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
  DIRECTLINE_TOKEN_TTL_S: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(3600)),

  // Zalo Official Account
  ZALO_APP_ID: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_API_BASE: z.preprocess(emptyToUndefined, z.string().url().default('https://openapi.zalo.me')),
  ZALO_OAUTH_BASE: z.preprocess(emptyToUndefined, z.string().url().default('https://oauth.zaloapp.com')),
  ZALO_REFRESH_TOKEN: optionalString,
  ZALO_ACCESS_TOKEN: optionalString,
  /** How long an outgoing Zalo message is retried before it is recorded as expired. */
  ZALO_DELIVERY_WINDOW_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().min(1).max(24 * 7).default(24)),

  // Optional on-premises model servers (OpenAI-compatible). Off unless configured.
  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(4000)),
  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_API_KEY: optionalString,

  // Personal data
  /** 32-byte key, base64 or hex. Without it a key file is used (PROFILE_KEY_FILE). */
  PROFILE_ENCRYPTION_KEY: optionalString,
  /** Key file (created 0600 on first start); default outside DATA_DIR, see README "Personal data". */
  PROFILE_KEY_FILE: optionalString,
  /** Retention (days) of personal data without a per-record date, and the sweep period. */
  RETENTION_TRANSCRIPT_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(30)),
  RETENTION_TURN_LOG_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(90)),
  RETENTION_BOT_STATE_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(30)),
  RETENTION_FEEDBACK_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(180)),
  RETENTION_SWEEP_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(60)),

  // Lawyer notifications
  LAWYER_WEBHOOK_URL: optionalUrl,
  SMTP_URL: optionalUrl,
  SMTP_FROM: optionalString,
});

export type Env = z.infer<typeof envSchema>;

export interface ZaloConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  apiBase: string;
  oauthBase: string;
  refreshToken?: string;
  accessToken?: string;
  /** ZALO_DELIVERY_WINDOW_HOURS (default 24). */
  deliveryWindowHours?: number;
}

export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export interface EmbeddingsConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
}

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  /** Absolute path. */
  dataDir: string;
  /**
   * DATABASE_URL, checked for shape (scheme, host, database): the stores that exist on
   * PostgreSQL live there. Undefined: SQLite only.
   */
  databaseUrl?: string;
  logLevel: Env['LOG_LEVEL'];
  publicBaseUrl?: string;
  adminToken?: string;
  /** Express `trust proxy` value parsed from TRUST_PROXY. */
  trustProxy: boolean | number | string;
  /** DEPLOYMENT_PROVINCE (default "Hà Nội"). */
  deploymentProvince: string;
  directLine: { secret?: string; tokenTtlSeconds: number };
  /** Undefined when the Zalo channel is off (no Zalo setting at all). */
  zalo?: ZaloConfig;
  llm?: LlmConfig;
  embeddings?: EmbeddingsConfig;
  profileEncryptionKey?: string;
  /** Absolute path of the profile key file (used when no key is configured). */
  profileKeyFile: string;
  retention: RetentionConfig;
  lawyerNotify: { webhookUrl?: string; smtpUrl?: string; smtpFrom?: string };
}

export interface RetentionConfig {
  /** Direct Line conversations with no activity for this long are deleted. */
  transcriptDays: number;
  turnLogDays: number;
  /** Conversation and user state (form sessions) untouched for this long. */
  botStateDays: number;
  feedbackDays: number;
  sweepMinutes: number;
}

/**
 * Default key file: under the user's configuration directory, one per data directory,
 * never inside DATA_DIR, so a copy or backup of the database does not carry its key.
 * Tests keep it where it always was, inside their temporary data directory.
 */
export function defaultProfileKeyFile(dataDir: string, env: string, source: NodeJS.ProcessEnv): string {
  if (env === 'test') return path.join(dataDir, 'profile.key');
  const base = source.XDG_CONFIG_HOME?.trim() || path.join(os.homedir(), '.config');
  const id = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return path.join(base, 'tro-ly-tthc', 'keys', id, 'profile.key');
}

function parseTrustProxy(v: string): boolean | number | string {
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false' || t === 'none' || t === '0') return false;
  if (/^\d+$/.test(t)) return Number(t);
  return v.trim();
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ZALO_REQUIRED = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const;

/**
 * Parses the environment (defaults to `process.env`). Throws `ConfigError` listing every
 * problem at once, including settings that only make sense together (Zalo, LLM).
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  const zaloSet = ZALO_REQUIRED.filter((k) => e[k] !== undefined);
  if (zaloSet.length > 0 && zaloSet.length < ZALO_REQUIRED.length) {
    const missing = ZALO_REQUIRED.filter((k) => e[k] === undefined);
    problems.push(`Zalo channel is partly configured: missing ${missing.join(', ')} (set all of ${ZALO_REQUIRED.join(', ')} or none)`);
  }
  if ((e.LLM_BASE_URL === undefined) !== (e.LLM_MODEL === undefined)) {
    problems.push('LLM_BASE_URL and LLM_MODEL must be set together');
  }
  if ((e.EMBEDDINGS_BASE_URL === undefined) !== (e.EMBEDDINGS_MODEL === undefined)) {
    problems.push('EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL must be set together');
  }
  if (e.DATABASE_URL !== undefined) {
    try {
      describePgUrl(e.DATABASE_URL);
    } catch (err) {
      if (!(err instanceof PgConfigError)) throw err;
      problems.push(`DATABASE_URL: ${err.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    adminToken: e.ADMIN_TOKEN,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    deploymentProvince: e.DEPLOYMENT_PROVINCE.normalize('NFC').trim(),
    directLine: { secret: e.DIRECTLINE_SECRET, tokenTtlSeconds: e.DIRECTLINE_TOKEN_TTL_S },
    zalo:
      zaloSet.length === ZALO_REQUIRED.length
        ? {
            appId: e.ZALO_APP_ID!,
            appSecret: e.ZALO_APP_SECRET!,
            oaSecretKey: e.ZALO_OA_SECRET_KEY!,
            apiBase: e.ZALO_API_BASE,
            oauthBase: e.ZALO_OAUTH_BASE,
            refreshToken: e.ZALO_REFRESH_TOKEN,
            accessToken: e.ZALO_ACCESS_TOKEN,
            deliveryWindowHours: e.ZALO_DELIVERY_WINDOW_HOURS,
          }
        : undefined,
    llm:
      e.LLM_BASE_URL && e.LLM_MODEL
        ? { baseUrl: e.LLM_BASE_URL, model: e.LLM_MODEL, apiKey: e.LLM_API_KEY, timeoutMs: e.LLM_TIMEOUT_MS }
        : undefined,
    embeddings:
      e.EMBEDDINGS_BASE_URL && e.EMBEDDINGS_MODEL
        ? { baseUrl: e.EMBEDDINGS_BASE_URL, model: e.EMBEDDINGS_MODEL, apiKey: e.EMBEDDINGS_API_KEY }
        : undefined,
    profileEncryptionKey: e.PROFILE_ENCRYPTION_KEY,
    profileKeyFile: e.PROFILE_KEY_FILE ? path.resolve(e.PROFILE_KEY_FILE) : defaultProfileKeyFile(dataDir, e.NODE_ENV, source),
    retention: {
      transcriptDays: e.RETENTION_TRANSCRIPT_DAYS,
      turnLogDays: e.RETENTION_TURN_LOG_DAYS,
      botStateDays: e.RETENTION_BOT_STATE_DAYS,
      feedbackDays: e.RETENTION_FEEDBACK_DAYS,
      sweepMinutes: e.RETENTION_SWEEP_MINUTES,
    },
    lawyerNotify: { webhookUrl: e.LAWYER_WEBHOOK_URL, smtpUrl: e.SMTP_URL, smtpFrom: e.SMTP_FROM },
  };
}

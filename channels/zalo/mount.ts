import path from 'node:path';
import type { Express } from 'express';
import { AppError } from '../../knowledge/index.js';
import type { BotLogger, ChannelQueues, FileStore, ProactiveSender } from '../../bot/ports/index.js';
import { SqliteZaloInbox, SqliteZaloOutbox, SqliteZaloTokenStore, type Db, type TokenSealer } from '../../storage/index.js';
import type { HealthReport } from '../parts.js';
import { createZaloChannel, readiness, zaloStatus, type SubmitInfoHandler, type TurnRunner, type ZaloChannel, type ZaloChannelConfig, type ZaloStatus } from './channel.js';

/** The project's sealed box (storage/crypto.ts): seals, and derives a box per purpose. */
export type ProjectBox = TokenSealer & { forPurpose(purpose: string): TokenSealer };

/**
 * The Zalo queues over the shared SQLite database. The OA tokens keep the project's base key
 * they were sealed with before purpose keys existed; the queues get their own purpose key.
 */
export function sqliteZaloQueues(db: Db, box: ProjectBox): ChannelQueues {
  return {
    inbox: new SqliteZaloInbox(db, box.forPurpose('zalo-queue')),
    outbox: new SqliteZaloOutbox(db, box.forPurpose('zalo-queue')),
    tokens: new SqliteZaloTokenStore(db, box),
    atomically: (fn) => db.transaction(fn)(),
  };
}

/**
 * What `mountZalo` needs from the server; structurally the `ChannelMountDeps` of
 * `app/server.ts` (declared here so the channel does not import `app/`).
 */
export interface ZaloMountDeps {
  config: { zalo?: ZaloChannelConfig; adminToken?: string; publicBaseUrl?: string; dataDir: string };
  logger: BotLogger & { child?(bindings: Record<string, unknown>): BotLogger };
  /** `secrets`: the project's key, loaded once by the composition root. */
  assistant: { bot: TurnRunner; files?: FileStore; secrets?: ProjectBox };
  db: Db;
  proactive: { register(channelId: string, sender: ProactiveSender): void };
  registerHealth(name: string, check: () => HealthReport): void;
  /** The consoles show the channel's token health from here. */
  channelStatus?: { register(channelId: string, read: () => ZaloStatus): void };
  onClose(fn: () => void | Promise<void>): void;
}

/**
 * Builds a `ChannelMount` for `createServer({ mounts })`: mounts `/zalo/*`, registers the
 * proactive sender for channel `zalo` and a `zalo` readiness check, starts processing, and
 * stops it on shutdown. With no Zalo settings it only logs that the channel is off.
 * `onSubmitInfo` is the profile hook (forms/profile owner), see README.
 * Kept until the composition root wires `channel.parts` itself.
 */
export function zaloMount(options: { onSubmitInfo?: SubmitInfoHandler; files?: FileStore } = {}) {
  return (app: Express, deps: ZaloMountDeps): ZaloChannel | undefined => {
    const logger = deps.logger.child?.({ channel: 'zalo' }) ?? deps.logger;
    const cfg = deps.config.zalo;
    if (!cfg) {
      logger.info({}, 'Zalo channel off: no ZALO_APP_ID / ZALO_APP_SECRET / ZALO_OA_SECRET_KEY set');
      return undefined;
    }
    const box = deps.assistant.secrets;
    if (!box) throw new AppError('internal:profile_key', 'The Zalo channel needs the project key: pass the assistant built by app/ (assistant.secrets)');
    const channel = createZaloChannel({
      config: cfg,
      queues: sqliteZaloQueues(deps.db, box),
      bot: deps.assistant.bot,
      adminToken: deps.config.adminToken,
      publicBaseUrl: deps.config.publicBaseUrl,
      fileStore: options.files ?? deps.assistant.files,
      onSubmitInfo: options.onSubmitInfo,
      verifierDir: path.join(deps.config.dataDir, 'zalo-verifier'),
      logger,
    });
    app.use(channel.router);
    deps.proactive.register('zalo', channel.proactiveSender);
    deps.registerHealth('zalo', () => readiness(channel.health()));
    deps.channelStatus?.register('zalo', () => zaloStatus(channel));
    deps.onClose(() => channel.stop());
    if (!deps.config.adminToken) logger.warn({}, 'ADMIN_TOKEN not set: /zalo/oauth/start and /zalo/admin/* are disabled');
    if (!deps.config.publicBaseUrl) logger.warn({}, 'PUBLIC_BASE_URL not set: OAuth consent cannot redirect back');
    channel.start();
    logger.info({ token: channel.health().token }, 'Zalo channel on: webhook at /zalo/webhook');
    return channel;
  };
}

/** `ChannelMount` with default options. */
export const mountZalo = zaloMount();

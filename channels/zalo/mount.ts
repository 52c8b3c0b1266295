import path from 'node:path';
import type { Express } from 'express';
import type { FileStore, ProactiveSender } from '../../bot/index.js';
import { createSecretBox, loadOrCreateProfileKey, type Db } from '../../storage/index.js';
import { createZaloChannel, type SubmitInfoHandler, type ZaloChannel, type ZaloChannelConfig, type ZaloChannelDeps } from './channel.js';
import type { ZaloLogger } from './ports.js';
import type { TokenStatus } from './token-manager.js';

/**
 * What `mountZalo` needs from the server; structurally the `ChannelMountDeps` of
 * `app/server.ts` (declared here so the channel does not import `app/`).
 */
export interface ZaloMountDeps {
  config: { zalo?: ZaloChannelConfig; adminToken?: string; publicBaseUrl?: string; dataDir: string; profileEncryptionKey?: string; profileKeyFile?: string };
  logger: ZaloLogger & { child?(bindings: Record<string, unknown>): ZaloLogger };
  assistant: { bot: ZaloChannelDeps['bot']; capabilitiesKey?: string | symbol; files?: FileStore };
  db: Db;
  proactive: { register(channelId: string, sender: ProactiveSender): void };
  registerHealth(name: string, check: () => { state: 'ok' | 'degraded' | 'down'; detail?: string }): void;
  /** The consoles show the channel's token health from here. */
  channelStatus?: { register(channelId: string, read: () => ZaloStatus): void };
  onClose(fn: () => void | Promise<void>): void;
}

/**
 * Builds a `ChannelMount` for `createServer({ mounts })`: mounts `/zalo/*`, registers the
 * proactive sender for channel `zalo` and a `zalo` readiness check, starts processing, and
 * stops it on shutdown. With no Zalo settings it only logs that the channel is off.
 * `onSubmitInfo` is the profile hook (forms/profile owner), see README.
 */
export function zaloMount(options: { onSubmitInfo?: SubmitInfoHandler; files?: FileStore } = {}) {
  return (app: Express, deps: ZaloMountDeps): ZaloChannel | undefined => {
    const logger = deps.logger.child?.({ channel: 'zalo' }) ?? deps.logger;
    const cfg = deps.config.zalo;
    if (!cfg) {
      logger.info({}, 'Zalo channel off: no ZALO_APP_ID / ZALO_APP_SECRET / ZALO_OA_SECRET_KEY set');
      return undefined;
    }
    const box = createSecretBox(
      loadOrCreateProfileKey({ configuredKey: deps.config.profileEncryptionKey, dataDir: deps.config.dataDir, keyFile: deps.config.profileKeyFile }),
    );
    const channel = createZaloChannel({
      config: cfg,
      db: deps.db,
      bot: deps.assistant.bot,
      capabilitiesKey: deps.assistant.capabilitiesKey,
      adminToken: deps.config.adminToken,
      publicBaseUrl: deps.config.publicBaseUrl,
      fileStore: options.files ?? deps.assistant.files,
      onSubmitInfo: options.onSubmitInfo,
      verifierDir: path.join(deps.config.dataDir, 'zalo-verifier'),
      // The project key (PROFILE_ENCRYPTION_KEY or the key file). Tokens keep the base key they
      // were sealed with before purpose keys existed; the queues get their own purpose key.
      tokenSealer: box,
      cipher: box.forPurpose('zalo-queue'),
      logger,
    });
    app.use(channel.router);
    deps.proactive.register('zalo', channel.proactiveSender);
    deps.registerHealth('zalo', () => {
      const h = channel.health();
      const t = h.tokenStatus;
      const token = `token ${t.state}${t.accessExpiresAt ? ` (access token valid until ${t.accessExpiresAt})` : ''}`;
      return { state: h.status === 'ok' ? 'ok' : 'degraded', detail: [token, ...h.problems].join('; ') };
    });
    deps.channelStatus?.register('zalo', () => zaloStatus(channel));
    deps.onClose(() => channel.stop());
    if (!deps.config.adminToken) logger.warn({}, 'ADMIN_TOKEN not set: /zalo/oauth/start and /zalo/admin/* are disabled');
    if (!deps.config.publicBaseUrl) logger.warn({}, 'PUBLIC_BASE_URL not set: OAuth consent cannot redirect back');
    channel.start();
    logger.info({ token: channel.health().token }, 'Zalo channel on: webhook at /zalo/webhook');
    return channel;
  };
}

/** What the consoles show about the channel (structurally the server's `ChannelStatus`). */
export interface ZaloStatus {
  channel: 'zalo';
  state: 'ok' | 'degraded';
  token: TokenStatus;
  problems: string[];
}

/** The channel's token health and problems, for the consoles. */
export function zaloStatus(channel: ZaloChannel): ZaloStatus {
  const h = channel.health();
  return { channel: 'zalo', state: h.status, token: h.tokenStatus, problems: h.problems };
}

/** `ChannelMount` with default options. */
export const mountZalo = zaloMount();

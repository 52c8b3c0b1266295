import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Router } from 'express';
import type { PersonalDataEraser, ProactiveSender } from '../bot/ports/index.js';
import type { RetentionTask } from '../storage/retention.js';

/**
 * What every channel's factory hands the composition root (`app/compose.ts`). A channel
 * builds its own adapter, stores and router from the dependencies it is given and returns
 * these parts; it never mounts itself, starts itself or loads keys. The root wires the
 * parts: routers to the HTTP server, proactive senders to the one registry, workers to
 * start/stop, health checks to `/readyz`, erasers and retention tasks to the data-holder
 * registries.
 */
export interface ChannelParts {
  /** Short name for logs (`directline`, `zalo`, `console`). */
  readonly name: string;
  /** HTTP routes of the channel, mounted at `path` (default `/`, routes carry their own prefix). */
  router?: Router;
  /** Where `router` is mounted (`/console`); default `/`. */
  path?: string;
  /** How to reach this channel's users outside a turn, by `channelId` (one channel may own several ids). */
  proactive?: Record<string, ProactiveSender>;
  /** Background loops: started after the server listens, stopped before storage closes. */
  workers?: ChannelWorker[];
  /** Named readiness checks for `/readyz`; `degraded` keeps the server ready. */
  health?: Record<string, HealthCheck>;
  /** Live state for the consoles (token health, problems). */
  status?: () => ChannelStatus;
  /** Holders of personal data that "Xoá dữ liệu của tôi" erases. */
  erasers?: PersonalDataEraser[];
  /** Retention tasks run by the process's one retention runner. */
  retention?: RetentionTask[];
  /**
   * WebSocket upgrades this channel accepts (Direct Line streams). Returns true when it took
   * the socket (answered or refused it), false when the request is not its own. `client` is
   * the client address resolved through the trusted proxies.
   */
  upgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer, client: string) => boolean;
}

/** A background loop of a channel (queue processing, a scheduler). */
export interface ChannelWorker {
  readonly name: string;
  start(): void;
  /** Stops taking new work and finishes (or abandons, safely) what is in flight. */
  stop(): void | Promise<void>;
}

export type HealthState = 'ok' | 'degraded' | 'down';

export interface HealthReport {
  state: HealthState;
  detail?: string;
}

export type HealthCheck = () => HealthReport | Promise<HealthReport>;

/**
 * A channel's live state for the consoles (operators act on it): token health and problems.
 * `token` mirrors the Zalo channel's `TokenStatus`.
 */
export interface ChannelStatus {
  channel: string;
  state: 'ok' | 'degraded';
  token?: { state: string; accessExpiresAt?: string; refreshFailures: number; lastError?: string };
  problems: string[];
}

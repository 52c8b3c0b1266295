import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { silentLogger, type BotLogger } from '../../../bot/ports/index.js';
import { SqliteAnalytics } from '../../../storage/analytics.js';
import { SqliteAccessLog } from '../../../storage/console-access-log.js';
import { SqliteConsoleSessions } from '../../../storage/console-sessions.js';
import { SqliteConsoleUsers } from '../../../storage/console-users.js';
import { type SealedBox } from '../../../storage/crypto.js';
import { SqliteFeedbackStore } from '../../../storage/feedback-store.js';
import type { Db } from '../../../storage/sqlite.js';
import { SqliteTurnLog } from '../../../storage/turn-log.js';
import { createDashboardRouter, type DashboardDeps } from './router.js';

export { createDashboardRouter, MIN_CELL, type DashboardAnalytics, type DashboardDeps } from './router.js';

/** Where reviewed turns become eval cases by default (the project's dataset folder). */
export const DEFAULT_REVIEW_FILE = fileURLToPath(new URL('../../../evals/datasets/reviewed-from-log.jsonl', import.meta.url));

/** What a server mount hands the dashboard (structural subset of `ChannelMountDeps`). */
export interface DashboardMountDeps {
  db: Db;
  assistant: {
    secrets?: SealedBox;
    catalogue?: { get(code: string): { name: string; onlineAvailable: boolean | null } | undefined };
  };
  logger?: BotLogger;
}

export interface DashboardMountOptions {
  reviewFile?: string;
  now?: () => Date;
}

/** Ward names from the rota's service points (the 126 Hà Nội wards once seeded). */
function wardList(db: Db): Array<{ code: string; name: string }> {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rota_service_points'").get();
  if (!exists) return [];
  return db.prepare('SELECT code, name FROM rota_service_points ORDER BY name').all() as Array<{ code: string; name: string }>;
}

/**
 * @deprecated The composition root builds `DashboardDeps` (turn log and feedback opened with
 * their purpose keys, the console's users, sessions and access log) and mounts
 * `createDashboardRouter(deps)` at `/console/dashboard`. This older mount does that composing
 * itself and stays only until `app/compose.ts` switches.
 */
export function mountDashboard(options: DashboardMountOptions = {}) {
  return (app: Express, deps: DashboardMountDeps): void => {
    const secrets = deps.assistant.secrets;
    if (!secrets) throw new Error('the dashboard needs the assistant\'s personal-data key (assistant.secrets) to open examples');
    const db = deps.db;
    const turnLog = new SqliteTurnLog(db, secrets.forPurpose('turn-log'), { topicHash: (s) => secrets.forPurpose('turn-log').lookupHash(s) });
    const feedback = new SqliteFeedbackStore(db, secrets.forPurpose('feedback'));
    const catalogue = deps.assistant.catalogue;
    const log = deps.logger;
    const routerDeps: DashboardDeps = {
      analytics: new SqliteAnalytics(db),
      users: new SqliteConsoleUsers(db, { now: options.now }),
      sessions: new SqliteConsoleSessions(db, { now: options.now }),
      accessLog: new SqliteAccessLog(db, { now: options.now }),
      openTurnText: (r) => turnLog.openText(r),
      openFeedbackQuestion: (r) => feedback.openQuestion(r),
      procedure: (code) => {
        const p = catalogue?.get(code);
        return p ? { name: p.name, online: p.onlineAvailable } : undefined;
      },
      wards: () => wardList(db),
      reviewFile: options.reviewFile ?? DEFAULT_REVIEW_FILE,
      now: options.now ?? (() => new Date()),
      logger: log ?? silentLogger,
    };
    app.use('/console/dashboard', createDashboardRouter(routerDeps));
  };
}

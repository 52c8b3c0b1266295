import { fileURLToPath } from 'node:url';
import type { ChannelParts } from '../../parts.js';
import { createDashboardRouter, type DashboardDeps } from './router.js';

export { createDashboardRouter, MIN_CELL, type DashboardAnalytics, type DashboardDeps } from './router.js';

/** Where reviewed turns become eval cases by default (the project's dataset folder). */
export const DEFAULT_REVIEW_FILE = fileURLToPath(new URL('../../../evals/datasets/reviewed-from-log.jsonl', import.meta.url));

/**
 * The city dashboard as a channel part: its router at `/console/dashboard`, over the ports the
 * composition root builds (`app/compose.ts`: analytics, the console's accounts, sessions and
 * access log, the sealed turn log and feedback). It builds no store and loads no key.
 */
export function createDashboardChannel(deps: DashboardDeps): ChannelParts {
  return { name: 'dashboard', router: createDashboardRouter(deps), path: '/console/dashboard' };
}

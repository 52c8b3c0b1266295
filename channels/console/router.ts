import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { registerAuthRoutes } from './routes/auth.js';
import { registerCaseStream } from './routes/case-stream.js';
import { registerCaseActions, registerCaseRoutes } from './routes/cases.js';
import { createConsoleContext, type ConsoleRouterDeps } from './routes/context.js';
import { consoleErrorHandler } from './routes/errors.js';
import { registerRotaRoutes } from './routes/rota.js';
import { consoleSecurityHeaders } from './routes/security.js';
import { registerSlaRoutes } from './routes/sla.js';
import { registerUserRoutes } from './routes/users.js';

export { DEFAULT_LOGIN_LIMITS } from './routes/auth.js';
export type { ConsoleRouterDeps } from './routes/context.js';
export { consoleSecurityHeaders, SESSION_COOKIE } from './routes/security.js';

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

/**
 * The console's express router, mounted at `/console`: security headers, static assets and
 * body parsers, then one module per concern (login, cases and their live stream, SLA board,
 * rota, user accounts) and the error pages. Every case page or stream is checked against the
 * user's role and written to the access log, allowed or not.
 */
export function createConsoleRouter(deps: ConsoleRouterDeps): Router {
  const ctx = createConsoleContext(deps);
  const router = express.Router();

  router.use(consoleSecurityHeaders);
  router.use('/assets', express.static(ASSETS, { index: false, fallthrough: false, maxAge: 0 }));
  const smallForm = express.urlencoded({ extended: false, limit: '32kb' });
  const csvForm = express.urlencoded({ extended: false, limit: '4mb' });
  router.use((req, res, next) => (req.path === '/rota/import' ? csvForm : smallForm)(req, res, next));
  router.use(express.json({ limit: '32kb' }));

  registerAuthRoutes(router, ctx);
  registerCaseRoutes(router, ctx);
  registerCaseStream(router, ctx);
  registerCaseActions(router, ctx);
  registerSlaRoutes(router, ctx);
  registerRotaRoutes(router, ctx);
  registerUserRoutes(router, ctx);
  router.use(consoleErrorHandler(ctx));
  return router;
}

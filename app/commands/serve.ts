import { composeApp } from '../compose.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import type { Logger } from '../logger.js';
import type { RetrievalProgress } from '../../retrieval/index.js';

/** Logs index build progress at most every 10 % per phase, so a first start is not silent. */
function progressReporter(logger: Logger): (p: RetrievalProgress) => void {
  const lastShown = new Map<string, number>();
  return (p) => {
    if (p.phase === 'check') {
      logger.info({ phase: p.phase }, `indexes: ${p.message}`);
      return;
    }
    const pct = p.total > 0 ? Math.floor((p.done / p.total) * 10) * 10 : 100;
    if ((lastShown.get(p.phase) ?? -1) >= pct) return;
    lastShown.set(p.phase, pct);
    logger.info({ phase: p.phase, done: p.done, total: p.total }, `indexes: ${p.phase} ${pct}%`);
  };
}

/**
 * `npm start`: the composition root (`app/compose.ts`) builds the assistant (catalogue,
 * retrieval indexes — built on first start or when stale, with progress logged — SQLite
 * storage, bot) and every channel, served from one express server. SIGTERM/SIGINT stop accepting, finish turns in flight, close
 * storage, then exit.
 */
export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const startedAt = performance.now();
  logger.info({ dataDir: config.dataDir, port: config.port }, 'starting: loading catalogue and retrieval indexes (first start builds them, this can take a minute)');

  const { server, close } = await composeApp({ config, logger, onProgress: progressReporter(logger) });
  logger.info({ ms: Math.round(performance.now() - startedAt) }, 'assistant ready');

  const { url } = await server.listen(config.port, config.host);
  logger.info({ url, ms: Math.round(performance.now() - startedAt) }, `listening: open ${url}/ for the web chat, ${url}/tra-cuu for officers`);
  process.stderr.write(`\nTrợ lý TTHC: ${url}/  (tra cứu cho cán bộ: ${url}/tra-cuu)\n\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, pendingTurns: server.adapter.pendingTurns }, 'shutting down: finishing turns in flight');
      // A second signal or a hung turn must not keep the process alive forever.
      const force = setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        resolve(1);
      }, 20_000);
      force.unref();
      close().then(
          () => {
            clearTimeout(force);
            logger.info('stopped');
            logger.flush();
            resolve(0);
          },
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            resolve(1);
          },
        );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

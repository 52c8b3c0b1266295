import express from 'express';
import type { Logger } from 'pino';
import type { FileStore } from '../../bot/index.js';
import type { RateLimitStore } from '../../bot/ports/index.js';
import type { ArticleIndex } from '../../retrieval/articles/index.js';
import type { ProcedureCatalog, ProcedureRetriever } from '../../retrieval/index.js';
import type { ChannelParts } from '../parts.js';
import { createWebRouter } from './router.js';
import { createStatuteRouter } from './statute-pages.js';

export interface WebChannelDeps {
  logger: Logger;
  /** Creates a Direct Line conversation and its token for the citizen page (the Direct Line channel's). */
  issueConversation(): Promise<{ conversationId: string; token: string; expires_in: number; userId: string }>;
  retriever: ProcedureRetriever;
  catalogue: ProcedureCatalog;
  /** Statute article index for `/tra-cuu/luat` (issue 13). */
  articles: ArticleIndex;
  /** The file store whose signed links `/files/:id` serves. */
  files: FileStore;
  publicBaseUrl?: string;
  /** Where the page-token limiter keeps its buckets (the root's store). Default in-process. */
  rateLimits?: RateLimitStore;
}

/**
 * The server-rendered pages: the citizen chat page and its token route, the officer lookup
 * (`/tra-cuu`), the statute pages (`/tra-cuu/luat`) and signed file downloads.
 */
export function createWebChannel(deps: WebChannelDeps): ChannelParts {
  const router = express.Router();
  // Statute pages before the procedure lookup, whose `/tra-cuu/:code` would take `/tra-cuu/luat`.
  router.use(createStatuteRouter({ articles: deps.articles }));
  router.use(
    createWebRouter({
      logger: deps.logger.child({ channel: 'web' }),
      issueConversation: deps.issueConversation,
      retriever: deps.retriever,
      catalogue: deps.catalogue,
      files: deps.files,
      publicBaseUrl: deps.publicBaseUrl,
      rateLimits: deps.rateLimits,
    }),
  );
  return { name: 'web', router };
}

export { createWebRouter, type WebRouterOptions } from './router.js';
export { renderCitizenPage, renderEmbedScript } from './citizen-page.js';
export { renderSearchPage, renderProcedurePage, renderSlipPage, parseSearchQuery, LEVEL_LABEL, SCOPE_LABEL } from './officer-pages.js';
export { html, raw, escapeHtml, SafeHtml } from './html.js';
export { createStatuteRouter, renderStatuteSearchPage, renderArticlePage, renderLawPage } from './statute-pages.js';
export { createWebChannel, type WebChannelDeps } from './channel.js';

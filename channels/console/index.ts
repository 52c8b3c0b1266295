export { createConsoleRouter, SESSION_COOKIE, type ConsoleRouterDeps } from './router.js';
export { createLawyerNotifier, noticeText, type LawyerNotifierOptions } from './notify.js';
export { createLawyerConsole, caseDetailOf, type ConsoleAccountDirectory, type ConsoleAccounts, type LawyerConsole, type LawyerConsoleDeps } from './lawyer-system.js';
export type { CaseDetail } from './views.js';

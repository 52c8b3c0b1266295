export { createConsoleRouter, SESSION_COOKIE, type ConsoleRouterDeps } from './router.js';
export { createLawyerNotifier, noticeText, type LawyerNotifierOptions } from './notify.js';
export {
  LawyerSystem,
  createLawyerSystem,
  type LawyerSystemOptions,
  type LawyerSystemAttach,
  type ConsoleMountDeps,
} from './lawyer-system.js';
export type { CaseDetail } from './views.js';
export { createLegalAid, fieldCipher, type LegalAid } from './legal-aid.js';

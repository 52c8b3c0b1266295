/** What the import command needs (kept apart so `app/` imports one module). */
export { importStatutes, formatImportReport, metaOf, toJsonl } from './import.js';
export { isAppError } from '../errors.js';

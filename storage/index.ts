export { openDatabase, migrate, type Db } from './sqlite.js';
export * from './case-store.js';

export { openDatabase, migrate, type Db } from './sqlite.js';

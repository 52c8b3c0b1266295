export type * from './types.js';
export { DEFAULT_CAPABILITIES } from './types.js';

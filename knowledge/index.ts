export * from './procedure.js';
export * from './errors.js';
export * from './text.js';
export * from './forms/index.js';

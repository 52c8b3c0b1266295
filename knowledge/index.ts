export * from './procedure.js';
export * from './errors.js';
export * from './text.js';
export * from './forms/index.js';
export * from './catalogue.js';
export * from './admin-units.js';
export * as importers from './importers/index.js';

export * from './procedure.js';
export * from './errors.js';
export * from './text.js';
export * from './forms/index.js';
export * from './catalogue.js';
export * from './admin-units.js';
export * as importers from './importers/index.js';
export { LEGAL_AREAS, legalAreaSchema, type LegalArea } from './triage/index.js';
export * from './facts/index.js';

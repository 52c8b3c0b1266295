export * from './types.js';
export type * from '../ports/cases.js';
export * from './local-time.js';
export * from './rota-engine.js';
export * from './handoff-service.js';
export * from './handoff-skill.js';
export * from './rota-csv.js';
export * from './service-points.js';
export * from './demo-rota.js';

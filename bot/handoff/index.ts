export * from './types.js';
export * from './ports.js';
export * from './local-time.js';
export * from './rota-engine.js';
export * from './handoff-service.js';
export * from './handoff-skill.js';
export * from './rota-csv.js';

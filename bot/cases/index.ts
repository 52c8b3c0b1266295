export * from './model.js';
export * from './machine.js';

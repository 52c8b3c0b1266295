export * from './schema.js';
export { loadForms, createFormRegistry, defaultFormsDir, type FormRegistry } from './loader.js';

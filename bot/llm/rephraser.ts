/** The rephraser port lives with the other ports (bot/ports/rephraser.ts); this path stays for its importers. */
export type { AnswerRephraser } from '../ports/index.js';

/** The rephraser port lives with the other ports; this path stays for its importers. */
export type { AnswerRephraser } from '../ports/rephraser.js';

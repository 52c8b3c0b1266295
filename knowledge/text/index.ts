/**
 * The one Vietnamese text module: every part of the product (knowledge importers,
 * retrieval, the bot, channels, storage) folds, normalises and reads Vietnamese through
 * these functions. Pure functions only, no I/O; `knowledge/` is the bottom layer, so this
 * module imports nothing outside itself.
 */
export { cleanText, collapseRepeatedAlternatives } from './clean.js';
export { foldDiacritics, foldText, fold, foldedTokens, foldSameLength, hasDiacritics } from './fold.js';
export { normalizeVi, normalizeToneMarks } from './normalize.js';
export { hasPhrase, hasAnyPhrase, removePhrases } from './phrases.js';
export { readYesNo, isBareYesNo, YES_REPLIES, NO_REPLIES } from './yes-no.js';
export { parseDate, numberWordsToDigits, type DateResult } from './dates.js';
export { spellDatesInDigits } from './date-words.js';
export { splitMessage } from './split.js';
export { stripMarkdown } from './markdown.js';

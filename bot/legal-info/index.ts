export { createLegalInfoSkill, missingLawOf, type LegalInfoDeps } from './skill.js';
export { composeLegalAnswer, missingLawMessage, citationLabel, quotedLines, LAWYER_ACTION, LEGAL_BOILERPLATE, type LegalAnswer } from './compose.js';
export { checkLegalGrounding } from './grounding.js';

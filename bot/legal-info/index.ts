export { createLegalInfoSkill, missingLawOnProcedureTopic, type LegalInfoDeps } from './skill.js';
export { missingLawOf, missingLawMatch, lawMissingFor, answeredByLawWeHave, ANSWERED_BY_LAW_WE_HAVE, type MissingLawMatch } from './missing-law.js';
export { composeLegalAnswer, missingLawMessage, citationLabel, quotedLines, LAWYER_ACTION, LEGAL_BOILERPLATE, type LegalAnswer } from './compose.js';
export { checkLegalGrounding } from './grounding.js';
export { reformNote, districtBodiesNamed, REFORM_NOTES } from './reform-note.js';

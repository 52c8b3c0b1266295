export * from './cases.js';
export * from './subject.js';
export * from './metrics.js';
export { BaselineSearch, procedureFullText } from './baseline.js';
export { RetrieverSubject, behaviorFromConfidence } from './subjects/retriever-subject.js';
export { defaultSubject, availableSubjects, loadSubjectFactory } from './subjects/index.js';

import type { RerankModel } from './rerank.js';

/**
 * The citizen reranker's weights, written by `npx tsx evals/rerank-train.ts --write` (L2 0.01,
 * 1500 iterations, depth 5, min ratio 0.85) from the stories of story-dev, story-dev-2, story-dev-3, story-dev-4, story-dev-5, story-dev-6, story-dev-7, story-dev-8, story-dev-9, story-train-1, story-train-2. Do not edit by hand.
 */
export const RERANK_MODEL: RerankModel = {
  features: ['pref', 'top', 'invRank', 'hybRel', 'hybInvRank', 'lexical', 'dense', 'name', 'situation', 'situated', 'lexInv', 'denseInv', 'full', 'commune', 'provincial', 'individuals', 'overlapQ', 'overlapReq', 'overlapAsk', 'missing', 'bigramQ', 'caseMatch', 'caseMismatch', 'foreignMatch', 'foreignNameOnly', 'foreignQuestionOnly', 'extendName', 'extendMatch', 'exchangeMatch', 'reissueMatch', 'certifyMatch', 'onlineName', 'internalName', 'orgForPerson', 'personForOrg', 'orgName', 'personName', 'upperLevelName', 'provinceOnly', 'centralName', 'centralOnly', 'childMatch', 'deathMatch', 'newMatch', 'lateMatch', 'endMatch', 'moveMatch', 'special', 'specialExplained', 'specialUnexplained', 'generalOfExplained', 'nameLength', 'copyMatch', 'reissueForCopy', 'copySource', 'combinedName', 'combinedPartHeld', 'periodMatch', 'pauseMatch', 'resumeMatch'],
  weights: [3.35647, 0.288636, 0.614381, 2.202227, -0.168454, 4.420872, 1.005747, -2.552333, 1.535837, 0.042893, 0.583305, 0.091699, -0.155266, -0.264776, -1.774034, 0.644792, -0.347669, -0.242339, 0.586254, -0.533156, 0.855634, -0.269641, 0.258294, 0.224683, -0.153449, -0.286576, -0.018914, -0.299805, -0.080207, 0.657605, 0.032557, -0.855272, -1.154773, -0.644792, 0.269929, 1.100131, -1.073689, 0.506604, 0.006918, -0.488792, -0.691485, 0.389904, 1.187397, 0.363946, 0.278058, 0.618525, 0.224274, -0.495428, 1.807415, -0.271092, 0.198732, -0.790247, 0.272382, -2.900601, 0.906916, -1.013063, -1.781668, 1.803904, 0.465419, 0.628347],
  depth: 5,
  minRatio: 0.85,
};

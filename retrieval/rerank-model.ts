import type { RerankModel } from './rerank.js';

/**
 * The citizen reranker's weights, written by `npx tsx evals/rerank-train.ts --write` (L2 0.01,
 * 1500 iterations, depth 5, min ratio 0.85) from the stories of story-dev, story-dev-2, story-dev-3, story-dev-4, story-dev-5, story-dev-6, story-dev-7, story-dev-8, story-dev-9, story-train-1, story-train-2. Do not edit by hand.
 */
export const RERANK_MODEL: RerankModel = {
  features: ['pref', 'top', 'invRank', 'hybRel', 'hybInvRank', 'lexical', 'dense', 'name', 'situation', 'situated', 'lexInv', 'denseInv', 'full', 'commune', 'provincial', 'individuals', 'overlapQ', 'overlapReq', 'overlapAsk', 'missing', 'bigramQ', 'caseMatch', 'caseMismatch', 'foreignMatch', 'foreignNameOnly', 'foreignQuestionOnly', 'extendName', 'extendMatch', 'exchangeMatch', 'reissueMatch', 'certifyMatch', 'onlineName', 'internalName', 'orgForPerson', 'personForOrg', 'orgName', 'personName', 'upperLevelName', 'provinceOnly', 'centralName', 'centralOnly', 'childMatch', 'deathMatch', 'newMatch', 'lateMatch', 'endMatch', 'moveMatch', 'special', 'specialExplained', 'specialUnexplained', 'generalOfExplained', 'nameLength', 'copyMatch', 'reissueForCopy', 'copySource', 'combinedName', 'combinedPartHeld', 'periodMatch', 'pauseMatch', 'resumeMatch', 'negatedName'],
  weights: [3.846322, 0.425528, 0.846837, 1.863989, -0.246385, 4.31733, 0.57115, -2.691422, 1.397277, 0.620044, 0.492401, 0.017939, 0.019977, -0.189187, -2.276104, 0.453042, -0.243684, -0.196693, 0.583233, -0.544496, 0.933541, -0.405988, 0.418066, 0.287011, -0.17468, -0.372465, -0.151084, -0.286391, -0.06375, 0.706147, 0.069506, -0.787004, -0.993594, -0.453042, 0.504597, 0.787345, -0.997803, 0.585094, 0.030286, -0.575061, -0.57183, 0.485639, 1.135188, 0.410823, 0.7103, 0.687584, 0.237926, -0.533182, 1.657693, -0.363912, 0.296198, -0.44642, 0.029998, -1.317456, 0.909416, -0.932103, -1.724532, 1.684355, 1.638253, -0.561094, -1.082104],
  depth: 5,
  minRatio: 0.85,
};

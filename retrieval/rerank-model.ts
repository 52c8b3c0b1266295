import type { RerankModel } from './rerank.js';

/**
 * The citizen reranker's weights, written by `npx tsx evals/rerank-train.ts --write` (L2 0.01,
 * 1500 iterations, depth 5, min ratio 0.85) from the stories of story-dev, story-dev-2, story-dev-3, story-dev-4, story-dev-5, story-dev-6, story-train-1, story-train-2. Do not edit by hand.
 */
export const RERANK_MODEL: RerankModel = {
  features: ['pref', 'top', 'invRank', 'hybRel', 'hybInvRank', 'lexical', 'dense', 'name', 'situation', 'situated', 'lexInv', 'denseInv', 'full', 'commune', 'provincial', 'individuals', 'overlapQ', 'overlapReq', 'overlapAsk', 'missing', 'bigramQ', 'caseMatch', 'caseMismatch', 'foreignMatch', 'foreignNameOnly', 'foreignQuestionOnly', 'extendName', 'extendMatch', 'exchangeMatch', 'reissueMatch', 'certifyMatch', 'onlineName', 'internalName', 'orgForPerson', 'personForOrg', 'orgName', 'personName', 'upperLevelName', 'provinceOnly', 'centralName', 'centralOnly', 'childMatch', 'deathMatch', 'newMatch', 'lateMatch', 'endMatch', 'moveMatch', 'special', 'specialExplained', 'specialUnexplained', 'generalOfExplained', 'nameLength'],
  weights: [4.869958, -0.033288, 1.481676, 0.100939, -0.197843, 2.50427, 2.663234, -3.040671, 0.692173, -1.260365, 0.648387, 0.031405, -0.204354, 0.211055, -2.292608, 1.110383, -0.263932, 0.67899, 0.24508, -0.753778, 0.436925, -0.289058, 0.251032, 0.126218, 0.059028, -0.113769, -0.791184, 0.356205, 0.008861, 0.599509, 0.045608, -1.115494, -0.230797, -1.129357, -0.254161, 1.744575, -0.655112, -0.397205, -0.258669, -0.420967, -0.60697, -0.581474, 1.358309, 0.752584, -0.228689, 0.391365, 0.079012, -0.506149, 1.569467, -0.137909, 0.181513, -0.751121],
  depth: 5,
  minRatio: 0.85,
};

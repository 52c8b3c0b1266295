import type { RerankModel } from './rerank.js';

/**
 * The citizen reranker's weights, written by `npx tsx evals/rerank-train.ts --write` (L2 0.01,
 * 1500 iterations, depth 5, min ratio 0.85) from the dev stories of story-dev, story-dev-2, story-dev-3, story-dev-4. Do not edit by hand.
 */
export const RERANK_MODEL: RerankModel = {
  features: ['pref', 'top', 'invRank', 'hybRel', 'hybInvRank', 'lexical', 'dense', 'name', 'situation', 'situated', 'lexInv', 'denseInv', 'full', 'commune', 'provincial', 'individuals', 'overlapQ', 'overlapReq', 'missing', 'bigramQ', 'caseMatch', 'caseMismatch', 'foreignMatch', 'foreignNameOnly', 'foreignQuestionOnly', 'extendName', 'extendMatch', 'exchangeMatch', 'reissueMatch', 'certifyMatch', 'onlineName', 'internalName'],
  weights: [5.438591, 0.280386, 1.416361, 0.449552, -0.201462, 2.535654, -0.703023, -3.306509, 1.056548, 0.63173, 0.732268, -0.910491, 0.28175, 0.194455, 0, 0.750314, -0.035459, 0.79371, -1.400791, 0.896651, -0.692449, 0.585878, -0.481543, -0.037148, 0.253381, -0.837112, 0.968419, -0.366204, 0.785758, -0.69889, -1.761997, -0.859077],
  depth: 5,
  minRatio: 0.85,
};

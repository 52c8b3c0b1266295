import type { RerankModel } from './rerank.js';

/**
 * The citizen reranker's weights, written by `npx tsx evals/rerank-train.ts --write` (L2 0.01,
 * 1500 iterations, depth 5, min ratio 0.85) from the dev stories of story-dev, story-dev-2, story-dev-3, story-dev-4, story-dev-5. Do not edit by hand.
 */
export const RERANK_MODEL: RerankModel = {
  features: ['pref', 'top', 'invRank', 'hybRel', 'hybInvRank', 'lexical', 'dense', 'name', 'situation', 'situated', 'lexInv', 'denseInv', 'full', 'commune', 'provincial', 'individuals', 'overlapQ', 'overlapReq', 'overlapAsk', 'missing', 'bigramQ', 'caseMatch', 'caseMismatch', 'foreignMatch', 'foreignNameOnly', 'foreignQuestionOnly', 'extendName', 'extendMatch', 'exchangeMatch', 'reissueMatch', 'certifyMatch', 'onlineName', 'internalName'],
  weights: [5.498374, 0.221054, 1.37201, 0.208685, -0.338216, 2.081153, 2.80724, -3.22626, 0.862616, -0.123709, 0.891616, -0.487951, 0.212625, 0.244442, -0.322325, 1.085463, 0.208756, 0.964013, 0.299478, -1.270815, 0.155112, -0.198205, 0.18072, -0.104732, -0.147058, 0.054307, -0.715343, 0.536747, -0.202871, 0.73006, -0.049253, -1.34198, -0.971682],
  depth: 5,
  minRatio: 0.85,
};

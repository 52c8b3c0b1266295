/**
 * Multinomial naive Bayes over binary (once-per-message) features, with Laplace smoothing.
 * Small, deterministic and fast: trained from the committed examples at start-up in a few
 * milliseconds, no model files, no download. Short chat messages make binarised counts
 * better than raw counts (one repeated word should not dominate).
 */
export interface NaiveBayesModel<L extends string> {
  labels: readonly L[];
  logPrior: Record<L, number>;
  /** log P(feature | label) for seen features. */
  logLikelihood: Map<string, Record<L, number>>;
  /** log P(unseen feature | label) under smoothing; unseen-everywhere features are ignored. */
  logUnseen: Record<L, number>;
}

export interface LabelledFeatures<L extends string> {
  features: readonly string[];
  label: L;
}

/**
 * Trains a model. `alpha` is the Laplace pseudo-count; `uniformPrior` ignores class
 * frequencies (our examples are not sampled in the proportions citizens ask).
 */
export function trainNaiveBayes<L extends string>(
  labels: readonly L[],
  docs: readonly LabelledFeatures<L>[],
  options: { alpha?: number; uniformPrior?: boolean } = {},
): NaiveBayesModel<L> {
  const alpha = options.alpha ?? 0.5;
  const vocab = new Set<string>();
  const counts = new Map<string, Record<L, number>>();
  const totals = Object.fromEntries(labels.map((l) => [l, 0])) as Record<L, number>;
  const docCounts = Object.fromEntries(labels.map((l) => [l, 0])) as Record<L, number>;
  for (const doc of docs) {
    docCounts[doc.label]++;
    for (const f of new Set(doc.features)) {
      vocab.add(f);
      let c = counts.get(f);
      if (!c) {
        c = Object.fromEntries(labels.map((l) => [l, 0])) as Record<L, number>;
        counts.set(f, c);
      }
      c[doc.label]++;
      totals[doc.label]++;
    }
  }
  const v = vocab.size;
  const logPrior = {} as Record<L, number>;
  const logUnseen = {} as Record<L, number>;
  for (const l of labels) {
    logPrior[l] = options.uniformPrior ? -Math.log(labels.length) : Math.log((docCounts[l] + 1) / (docs.length + labels.length));
    logUnseen[l] = Math.log(alpha / (totals[l] + alpha * v));
  }
  const logLikelihood = new Map<string, Record<L, number>>();
  for (const [f, c] of counts) {
    const row = {} as Record<L, number>;
    for (const l of labels) row[l] = Math.log((c[l] + alpha) / (totals[l] + alpha * v));
    logLikelihood.set(f, row);
  }
  return { labels, logPrior, logLikelihood, logUnseen };
}

/** Per-label log scores (unnormalised). Features never seen in training are skipped. */
export function logScores<L extends string>(model: NaiveBayesModel<L>, features: readonly string[]): Record<L, number> {
  const scores = { ...model.logPrior };
  for (const f of new Set(features)) {
    const row = model.logLikelihood.get(f);
    if (!row) continue;
    for (const l of model.labels) scores[l] += row[l];
  }
  return scores;
}

/**
 * Softmax of log scores divided by `temperature`. Naive Bayes is over-confident (features
 * are not independent); a temperature above 1 spreads the probabilities so that the
 * confidence reported with an area means something.
 */
export function softmax<L extends string>(scores: Record<L, number>, temperature = 1): Record<L, number> {
  const labels = Object.keys(scores) as L[];
  const max = Math.max(...labels.map((l) => scores[l]));
  const exp = labels.map((l) => Math.exp((scores[l] - max) / temperature));
  const sum = exp.reduce((a, b) => a + b, 0);
  return Object.fromEntries(labels.map((l, i) => [l, exp[i]! / sum])) as Record<L, number>;
}

/** The label with the highest value (ties: first in `labels` order). */
export function argmax<L extends string>(probs: Record<L, number>): L {
  let best: L | undefined;
  for (const l of Object.keys(probs) as L[]) if (best === undefined || probs[l] > probs[best]) best = l;
  return best!;
}

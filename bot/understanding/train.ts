import type { CorpusExample, Intent } from '../../knowledge/understanding/index.js';
import type { TrainingExample } from '../../knowledge/triage/index.js';
import { messageFeatures } from './features.js';
import { fitTemperature, LinearModel, trainLinearModel, type LabelledFeatures, type LinearModelData, type TrainOptions } from './linear-model.js';

/** Triage's reviewed examples carry a decision; each maps onto one intent. */
const FROM_TRIAGE: Record<TrainingExample['decision'], Intent> = {
  procedure: 'procedure',
  escalate: 'legal_problem',
  urgent: 'danger',
  general: 'legal_question',
};

export interface UnderstandingTrainingInput {
  corpus: readonly CorpusExample[];
  triage?: readonly TrainingExample[];
  /** Catalogue procedure names, as extra `procedure` examples. */
  procedureNames?: readonly string[];
  teencode: Readonly<Record<string, string>>;
}

export interface TrainedUnderstanding {
  model: LinearModel;
  report: { examples: number; byIntent: Record<string, number>; features: number; temperature: number; heldOutAccuracy: number; trainMs: number };
}

/**
 * The training options, and the version of the features (`features.ts`): both are part of the
 * cached model's key, so a change to how messages become features retrains the model.
 */
export const UNDERSTANDING_TRAIN_OPTIONS: TrainOptions & { features: string } = { epochs: 12, learningRate: 0.5, l2: 1e-5, minCount: 2, seed: 7, features: 'law-frame-11-addressee-stay' };

/** Builds the labelled feature rows (deterministic order: corpus, triage, names). */
export function trainingRows(input: UnderstandingTrainingInput): LabelledFeatures[] {
  const rows: LabelledFeatures[] = [];
  const seen = new Set<string>();
  const add = (label: Intent, text: string) => {
    const key = `${label}\t${text.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push({ label, features: messageFeatures(text, input.teencode).features });
  };
  for (const e of input.corpus) add(e.intent, e.text);
  for (const e of input.triage ?? []) add(FROM_TRIAGE[e.decision], e.text);
  for (const n of input.procedureNames ?? []) add('procedure', n);
  return rows;
}

/**
 * Trains the intent model: a calibrated linear model (see `linear-model.ts`). About a
 * second for the weights and a few more for the temperature's held-out folds.
 */
export function trainUnderstanding(input: UnderstandingTrainingInput, options: TrainOptions = UNDERSTANDING_TRAIN_OPTIONS): TrainedUnderstanding {
  const t0 = performance.now();
  const rows = trainingRows(input);
  const { temperature, heldOutAccuracy } = fitTemperature(rows, options);
  const raw = trainLinearModel(rows, options);
  const model = new LinearModel({ ...raw.data, temperature });
  const byIntent: Record<string, number> = {};
  for (const r of rows) byIntent[r.label] = (byIntent[r.label] ?? 0) + 1;
  return {
    model,
    report: {
      examples: rows.length,
      byIntent,
      features: raw.data.vocabulary.length,
      temperature,
      heldOutAccuracy: Math.round(heldOutAccuracy * 1000) / 1000,
      trainMs: Math.round(performance.now() - t0),
    },
  };
}

export function modelFromData(data: LinearModelData): LinearModel {
  return new LinearModel(data);
}

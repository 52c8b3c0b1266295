import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildCommandTable,
  modelFromData,
  trainUnderstanding,
  UNDERSTANDING_TRAIN_OPTIONS,
  UnderstandingStage,
  type BotLogger,
  type LinearModelData,
  type TrainedUnderstanding,
} from '../bot/index.js';
import { loadTriageKnowledge } from '../knowledge/triage/index.js';
import { loadUnderstandingCorpus } from '../knowledge/understanding/index.js';

/** Bump when features or training change in a way the corpus hash does not show. */
const MODEL_FORMAT = 'understanding-v5-content-order';

/**
 * A second, project-local cache shared by every data directory of this checkout (tests and
 * evals use throw-away data directories): the model depends only on the shipped corpus.
 */
const SHARED_CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'tro-ly-tthc');

/** Models trained or loaded in this process, by hash. */
const inProcess = new Map<string, Promise<{ model: LinearModelData; report: TrainedUnderstanding['report']; current?: string }>>();

const exists = (file: string) => access(file).then(() => true, () => false);

export interface LoadedUnderstanding {
  stage: UnderstandingStage;
  /** How the model was obtained and what it was trained on. */
  report: TrainedUnderstanding['report'] & { cached: boolean; hash: string };
}

interface CachedModel {
  hash: string;
  report: TrainedUnderstanding['report'];
  model: LinearModelData;
}

/**
 * The understanding stage with its intent model, trained at build time from the shipped
 * corpus (`knowledge/understanding/corpus`) and triage's reviewed examples. The trained
 * model is cached in `dataDir` under the hash of everything it was trained on, so the
 * first start trains (a few seconds) and later starts load.
 */
export async function loadUnderstanding(opts: { dataDir: string; logger?: BotLogger; retrain?: boolean }): Promise<LoadedUnderstanding> {
  const [corpus, triage] = await Promise.all([loadUnderstandingCorpus(), loadTriageKnowledge()]);
  const hash = createHash('sha256')
    .update(MODEL_FORMAT)
    .update(JSON.stringify(UNDERSTANDING_TRAIN_OPTIONS))
    .update(corpus.hash)
    .update(JSON.stringify(triage.training))
    .update(JSON.stringify(triage.procedureNames))
    .update(JSON.stringify(triage.teencode))
    .digest('hex')
    .slice(0, 32);
  const files = [path.join(opts.dataDir, 'understanding-model.json'), path.join(SHARED_CACHE_DIR, `understanding-${hash}.json`)];
  const commands = buildCommandTable();
  let cached = true;
  let pending = opts.retrain ? undefined : inProcess.get(hash);
  if (!pending) {
    pending = (async () => {
      if (!opts.retrain) {
        for (const file of files) {
          try {
            const c = JSON.parse(await readFile(file, 'utf8')) as CachedModel;
            if (c.hash === hash) return { model: c.model, report: c.report, current: file };
          } catch {
            // Missing or unreadable: try the next place, then train.
          }
        }
      }
      cached = false;
      const trained = trainUnderstanding({ corpus: corpus.examples, triage: triage.training, procedureNames: triage.procedureNames, teencode: triage.teencode });
      opts.logger?.info({ ...trained.report }, 'understanding model trained');
      return { model: trained.model.data, report: trained.report, current: undefined };
    })();
    inProcess.set(hash, pending);
  }
  const { model, report, current } = await pending;
  // Write the model where it is not current yet: the shared file is named by its hash, so
  // its existence says it is current; the data directory's file was read above when it was.
  const [dataFile, sharedFile] = files as [string, string];
  const missing = [current === dataFile ? undefined : dataFile, current === sharedFile || (await exists(sharedFile)) ? undefined : sharedFile];
  for (const file of missing) {
    if (!file) continue;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ hash, report, model } satisfies CachedModel));
      await rename(tmp, file);
    } catch (err) {
      // A read-only directory costs a retrain at the next start, nothing else.
      opts.logger?.warn({ err, file }, 'understanding model not cached');
    }
  }
  return { stage: new UnderstandingStage(modelFromData(model), triage.teencode, commands), report: { ...report, cached, hash } };
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * Triage knowledge: the legal-area taxonomy, escalation signal word lists, teencode,
 * legal-aid eligibility groups with proof documents, common deadlines, contacts and the
 * labelled training examples. All reviewed data files in this folder; this module only
 * validates and loads them (nothing happens at import time).
 */

export const LEGAL_AREAS = [
  'DAT_DAI',
  'THUA_KE',
  'HON_NHAN_GIA_DINH',
  'BAO_LUC_GIA_DINH',
  'HO_TICH',
  'LAO_DONG',
  'BAO_HIEM_XA_HOI',
  'DAN_SU_HOP_DONG',
  'HINH_SU',
  'KHIEU_NAI_TO_CAO',
  'HANH_CHINH',
  'NHA_O',
] as const;
export type LegalArea = (typeof LEGAL_AREAS)[number];
export const legalAreaSchema = z.enum(LEGAL_AREAS);

/** What the bot should do with a message: the classifier's second label set. */
export const TRIAGE_DECISIONS = ['procedure', 'escalate', 'urgent', 'general'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

export const areaSchema = z.object({
  code: legalAreaSchema,
  name: z.string(),
  list: z.array(z.string()),
  keywords: z.record(z.number().positive()),
});
export type AreaDefinition = z.infer<typeof areaSchema>;

export const SIGNAL_KINDS = ['urgent', 'escalate', 'booster', 'procedure', 'general'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const signalSchema = z.object({
  id: z.string(),
  kind: z.enum(SIGNAL_KINDS),
  patterns: z.array(z.string().min(1)).min(1),
  negatable: z.boolean().optional(),
  /** The complaint is against the authority the service point belongs to. */
  conflict: z.boolean().optional(),
  /** Escalate only when the message is not shaped as a procedure question. */
  weak: z.boolean().optional(),
});
export type SignalDefinition = z.infer<typeof signalSchema>;

export const deadlineSchema = z.object({
  id: z.string(),
  label: z.string(),
  days: z.number().int().positive(),
  from: z.string(),
  source: z.string(),
  verified: z.boolean(),
  patterns: z.array(z.string()),
});
export type DeadlineDefinition = z.infer<typeof deadlineSchema>;

export const eligibilityGroupSchema = z.object({
  id: z.string(),
  clause: z.string(),
  label: z.string(),
  /** Button-sized name of the group. */
  short: z.string().max(40),
  needsFinancialDifficulty: z.boolean(),
  verified: z.boolean(),
  patterns: z.array(z.string()),
  proofs: z.array(z.string()).min(1),
});
export type EligibilityGroup = z.infer<typeof eligibilityGroupSchema>;

export const eligibilitySchema = z.object({
  form: z.object({ slug: z.string(), name: z.string() }),
  excludedAreas: z.object({ note: z.string(), patterns: z.array(z.string()) }),
  financialDifficulty: z.object({ label: z.string(), question: z.string(), proofs: z.array(z.string()).min(1) }),
  groups: z.array(eligibilityGroupSchema).min(1),
});
export type EligibilityKnowledge = z.infer<typeof eligibilitySchema>;

export const contactsSchema = z.object({
  emergency: z.array(z.object({ number: z.string(), label: z.string() })).min(1),
  servicePoint: z.object({ name: z.string(), hours: z.string(), lawyerSessions: z.string(), verified: z.boolean() }),
  legalAidCentre: z.object({ name: z.string(), how: z.string(), website: z.string().url(), verified: z.boolean() }),
  retentionDays: z.number().int().positive(),
});
export type TriageContacts = z.infer<typeof contactsSchema>;

export const trainingExampleSchema = z.object({
  area: legalAreaSchema,
  decision: z.enum(TRIAGE_DECISIONS),
  text: z.string().min(3),
});
export type TrainingExample = z.infer<typeof trainingExampleSchema>;

export interface TriageKnowledge {
  areas: AreaDefinition[];
  signals: SignalDefinition[];
  /** Whole-token teencode/dialect map (key as typed, value folded). */
  teencode: Record<string, string>;
  deadlines: DeadlineDefinition[];
  eligibility: EligibilityKnowledge;
  contacts: TriageContacts;
  training: TrainingExample[];
  /** Catalogue procedure names: extra "procedure" examples for the decision classifier only. */
  procedureNames: string[];
}

export const TRIAGE_DATA_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Parses the tab-separated training file (`area<TAB>decision<TAB>text`, `#` comments). */
export function parseTrainingTsv(text: string, file = 'training.tsv'): TrainingExample[] {
  const out: TrainingExample[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [area, decision, ...rest] = line.split('\t');
    const parsed = trainingExampleSchema.safeParse({ area, decision, text: rest.join('\t').trim() });
    if (!parsed.success) {
      throw new AppError('internal:triage_data', `${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    }
    out.push(parsed.data);
  });
  return out;
}

async function readJson<T>(dir: string, name: string, schema: z.ZodType<T>): Promise<T> {
  const file = path.join(dir, name);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new AppError('internal:triage_data', `Cannot read triage data ${file}`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('internal:triage_data', `${file}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Loads and validates every triage data file from `dir` (default: this folder). */
export async function loadTriageKnowledge(dir: string = TRIAGE_DATA_DIR): Promise<TriageKnowledge> {
  const [areas, signals, teencode, deadlines, eligibility, contacts, trainingText, namesText] = await Promise.all([
    readJson(dir, 'areas.json', z.object({ areas: z.array(areaSchema) })),
    readJson(dir, 'signals.json', z.object({ signals: z.array(signalSchema) })),
    readJson(dir, 'teencode.json', z.object({ tokens: z.record(z.string()) })),
    readJson(dir, 'deadlines.json', z.object({ deadlines: z.array(deadlineSchema) })),
    readJson(dir, 'eligibility.json', eligibilitySchema),
    readJson(dir, 'contacts.json', contactsSchema),
    readFile(path.join(dir, 'training.tsv'), 'utf8'),
    readFile(path.join(dir, 'procedure-names.txt'), 'utf8').catch(() => ''),
  ]);
  const missing = LEGAL_AREAS.filter((a) => !areas.areas.some((d) => d.code === a));
  if (missing.length > 0) throw new AppError('internal:triage_data', `areas.json lacks ${missing.join(', ')}`);
  return {
    areas: areas.areas,
    signals: signals.signals,
    teencode: teencode.tokens,
    deadlines: deadlines.deadlines,
    eligibility,
    contacts,
    training: parseTrainingTsv(trainingText),
    procedureNames: namesText
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  };
}

import { z } from 'zod';

/**
 * One article of a statute as the product quotes it. The text is kept verbatim, split
 * into its structure: paragraphs before the first khoản (`intro`), then each khoản with
 * its điểm lines in order. `id` is `DOCUMENT:ARTICLE` ("91/2015/QH13:623"), the form the
 * eval cases use.
 */
export const clauseSchema = z.object({
  /** Khoản number as printed ("1", "2a"). */
  number: z.string().min(1),
  /** The khoản line verbatim, starting with its number ("1. Thời hiệu ..."). */
  text: z.string().min(1),
  /** Its điểm lines verbatim, in order ("a) Di sản ..."), and any continuation paragraphs. */
  points: z.array(z.string().min(1)),
});
export type Clause = z.infer<typeof clauseSchema>;

export const articleSchema = z.object({
  id: z.string().regex(/^[^:]+:\d+[a-z]?$/),
  /** Number of the enacted document ("91/2015/QH13"). */
  document: z.string().min(1),
  /** Article number within that document ("623"). */
  article: z.string().regex(/^\d+[a-z]?$/),
  title: z.string().min(1),
  /** Paragraphs before the first khoản (the whole text when the article has no khoản). */
  intro: z.array(z.string()),
  clauses: z.array(clauseSchema),
  /** ISO date the document (as quoted) took effect. */
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Amending documents named by the source, with their effective dates. */
  amendments: z.array(z.object({ document: z.string(), effectiveFrom: z.string().optional() })),
  /** Official link (vbpl.vn page of the document, or a search for its number when the source gives none). */
  url: z.string().url(),
  /** Which copy the text comes from. */
  source: z.enum(['phapdien', 'alqac2023', 'vbhn2025']),
  /** Codified key in the Bộ pháp điển ("Điều 9.1.LQ.623"), when from the bundle. */
  codified: z.string().optional(),
  /** Chapter heading, when known. */
  chapter: z.string().optional(),
});
export type Article = z.infer<typeof articleSchema>;

/** A statute the product quotes: its number, names and which version is stored. */
export interface LawInfo {
  document: string;
  /** Name used in citations ("Bộ luật Dân sự 2015"). */
  name: string;
  /** Short everyday name, for the pointer line ("Bộ luật Dân sự"). */
  shortName: string;
  /** Which version is stored (shown to officers and in the report). */
  version: string;
  /** Words citizens use for the area; indexed with every article of the law (weighted low). */
  areaWords: string;
  /**
   * Words or phrases (whole words) that say a question is about this law: a prior in article
   * search. Phrases are written folded; a one-syllable signal is written with its diacritics
   * ("tội", "đất") and, in a question typed with diacritics, matches only so spelled ("tôi" and
   * "tối" are not "tội", "ý kiến" is no lawsuit).
   */
  signals: readonly string[];
  /**
   * Other document numbers the same text is cited by: the 2024 land law is stored from its
   * consolidated text 45/VBHN-VPQH, and "45/VBHN-VPQH:220" is Điều 220 of 31/2024/QH15.
   */
  aliases?: readonly string[];
  /**
   * The consolidated text (văn bản hợp nhất) the articles are stored from, when they are:
   * its number and ISO date. Named in the citation, read by the importer (`vbhnFile`).
   */
  consolidated?: { document: string; date: string; file: string };
  /**
   * ISO date of the stored text's wording, when known (a consolidated text's date). A law
   * without one is stored as enacted or as the Bộ pháp điển bundle had it: older than the
   * 1 July 2025 two-tier local government reform (`predatesTwoTierReform`).
   */
  textAsOf?: string;
  /**
   * The Bộ pháp điển đề mục ("34.1") to read this law from in the bundle's JSONL of all đề mục,
   * for a law whose đề mục is not among the raw HTML files (`importStatutes`).
   */
  bundleDemuc?: string;
}

export const statutesMetaSchema = z.object({
  schemaVersion: z.literal(1),
  /** `sha256:<hex>` of the decompressed JSONL. */
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  total: z.number().int(),
  byDocument: z.record(z.number().int()),
  importedAt: z.string(),
});
export type StatutesMeta = z.infer<typeof statutesMetaSchema>;

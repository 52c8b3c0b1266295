import { z } from 'zod';

/**
 * The `Procedure` contract: one administrative procedure (thủ tục hành chính) as every
 * other part of the product sees it, whatever source it was imported from.
 *
 * Invariants (enforced by the importers, checked by `procedureSchema`):
 * - all strings are NFC, trimmed, with `\u00a0` folded to a space;
 * - `detailLevel: 'index'` records have empty `documentGroups`, `channels`, `steps`, `legalBasis`;
 * - amounts are integers in VND; durations keep the unit as published.
 */

/** Where a procedure is carried out after the 2025 two-tier reform. */
export const implementationLevelSchema = z.enum(['xa', 'tinh', 'bo', 'khac']);
export type ImplementationLevel = z.infer<typeof implementationLevelSchema>;

/** National standard procedure vs a province's own variant. */
export const procedureScopeSchema = z.enum(['national', 'provincial', 'internal']);
export type ProcedureScope = z.infer<typeof procedureScopeSchema>;

export const channelKindSchema = z.enum(['online', 'postal', 'in_person']);
export type ChannelKind = z.infer<typeof channelKindSchema>;

export const durationUnitSchema = z.enum(['ngay_lam_viec', 'ngay', 'gio', 'phut', 'thang', 'nam', 'khac']);
export type DurationUnit = z.infer<typeof durationUnitSchema>;

export const durationSchema = z.object({
  value: z.number().nonnegative(),
  unit: durationUnitSchema,
  /** The wording as published ("15 Ngày làm việc"), kept for display and grounding. */
  text: z.string(),
});
export type Duration = z.infer<typeof durationSchema>;

export const feeSchema = z.object({
  kind: z.enum(['le_phi', 'phi', 'khac']),
  /** Amount in VND when the source states one; null when free or only described. */
  amountVnd: z.number().int().nonnegative().nullable(),
  free: z.boolean(),
  /** Conditional or descriptive text as published ("Miễn lệ phí đối với ..."). */
  description: z.string(),
});
export type Fee = z.infer<typeof feeSchema>;

export const submissionChannelSchema = z.object({
  kind: channelKindSchema,
  processingTime: durationSchema.nullable(),
  fees: z.array(feeSchema),
  description: z.string(),
});
export type SubmissionChannel = z.infer<typeof submissionChannelSchema>;

export const documentItemSchema = z.object({
  name: z.string().min(1),
  originals: z.number().int().nonnegative().nullable(),
  copies: z.number().int().nonnegative().nullable(),
  /** Form name when the item names a "Mẫu"/"Tờ khai" (e.g. "Mẫu CT01"). */
  formName: z.string().nullable(),
  required: z.boolean().nullable(),
  hasElectronicForm: z.boolean().optional(),
});
export type DocumentItem = z.infer<typeof documentItemSchema>;

/** A group of documents: "Giấy tờ phải nộp", "Giấy tờ phải xuất trình" or a case heading. */
export const documentGroupSchema = z.object({
  title: z.string(),
  items: z.array(documentItemSchema),
});
export type DocumentGroup = z.infer<typeof documentGroupSchema>;

export const legalBasisItemSchema = z.object({
  /** Document number, e.g. "87/2020/NĐ-CP"; null when none could be parsed. */
  number: z.string().nullable(),
  title: z.string(),
  issuedDate: z.string().nullable(),
  issuer: z.string().nullable(),
});
export type LegalBasisItem = z.infer<typeof legalBasisItemSchema>;

export const procedureSourceSchema = z.enum(['portal-api-detail', 'portal-crawl', 'portal-index']);
export type ProcedureSource = z.infer<typeof procedureSourceSchema>;

export const provenanceSchema = z.object({
  /** The source the detail fields came from. */
  source: procedureSourceSchema,
  /** ISO date (YYYY-MM-DD) of that source's crawl. */
  crawledAt: z.string(),
  /** Every source that mentions this code. */
  seenIn: z.array(procedureSourceSchema),
  url: z.string().url(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

export const procedureSchema = z.object({
  code: z.string().regex(/^\d\.\d{6}$/),
  name: z.string().min(1),
  detailLevel: z.enum(['full', 'index']),
  scope: procedureScopeSchema,
  /** Province of a provincial variant, without "Tỉnh"/"Thành phố" ("Đà Nẵng", "Huế"); null otherwise. */
  province: z.string().nullable(),
  levels: z.array(implementationLevelSchema),
  fields: z.array(z.string()),
  /** Agencies that carry the procedure out (cơ quan thực hiện). */
  agencies: z.array(z.string()),
  /** Authority with competence (cơ quan có thẩm quyền), when distinct. */
  competentAuthority: z.string().nullable(),
  promulgatedBy: z.string().nullable(),
  applicants: z.array(z.string()),
  decisionNumber: z.string().nullable(),
  submissionAddress: z.string().nullable(),
  steps: z.array(z.string()),
  channels: z.array(submissionChannelSchema),
  documentGroups: z.array(documentGroupSchema),
  conditions: z.string().nullable(),
  results: z.array(z.string()),
  legalBasis: z.array(legalBasisItemSchema),
  relatedProcedures: z.array(z.string()),
  /**
   * Remarks published with the procedure ("* Lưu ý:" sections of the steps or of the
   * dossier table): useful context, but not documents to bring. Optional so that older
   * data and hand-written fixtures stay valid.
   */
  notes: z.array(z.string()).optional(),
  onlineAvailable: z.boolean().nullable(),
  provenance: provenanceSchema,
});
export type Procedure = z.infer<typeof procedureSchema>;

/** Public page of a procedure on the national portal. */
export function portalUrl(code: string): string {
  return `https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=${encodeURIComponent(code)}`;
}

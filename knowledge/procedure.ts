import { z } from 'zod';
import { foldText } from './text/fold.js';

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

/**
 * What a document line is for the citizen (set at import, see `knowledge/importers/document-roles.ts`):
 * - `main`: a typical applicant brings it;
 * - `conditional`: needed only in a case stated by `condition` ("Nếu ủy quyền", "Trường hợp người nước ngoài");
 * - `internal`: made by the office itself (e.g. the ID-card record sheet CC01), never the citizen's to bring;
 * - `heading`: a sub-heading or list lead-in ("Người nước ngoài", "… các giấy tờ sau:"), never an item;
 * - `note`: a remark about the dossier (exemptions, validity, number of sets, fragments), never an item.
 */
export const documentRoleSchema = z.enum(['main', 'conditional', 'internal', 'heading', 'note']);
export type DocumentRole = z.infer<typeof documentRoleSchema>;

export const documentItemSchema = z.object({
  name: z.string().min(1),
  originals: z.number().int().nonnegative().nullable(),
  copies: z.number().int().nonnegative().nullable(),
  /** Form name when the item names a "Mẫu"/"Tờ khai" (e.g. "Mẫu CT01"). */
  formName: z.string().nullable(),
  required: z.boolean().nullable(),
  hasElectronicForm: z.boolean().optional(),
  /** Role of the line for the citizen; absent in data imported before roles existed. */
  role: documentRoleSchema.optional(),
  /** For `conditional` lines: the condition in the record's words, short ("Trường hợp ủy quyền"). */
  condition: z.string().optional(),
  /** The text as published when import cleaning changed `name` or `formName`. */
  asPublished: z.object({ name: z.string().optional(), formName: z.string().nullable().optional() }).optional(),
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
  /** Field names as published, when `fields` was normalised to the catalogue's one spelling. */
  fieldsAsPublished: z.array(z.string()).optional(),
  /**
   * The 2025 two-tier reform as it touches this record: where the record names a body that no
   * longer exists (district level), `agencies` / `competentAuthority` hold the successor (what was
   * published stays in `agenciesAsPublished`). Absent when the record names no abolished body.
   */
  reform: z
    .object({
      /** The record names an abolished body for which no reviewed successor exists. */
      predatesReform: z.boolean(),
      bodies: z.array(
        z.object({
          asPublished: z.string(),
          /** The body that took the work over after 1 July 2025; null when none was reviewed. */
          successor: z.string().nullable(),
          /** Legal source of the succession ("Nghị định 120/2025/NĐ-CP, Điều 4"). */
          basis: z.string().nullable(),
        }),
      ),
    })
    .optional(),
  /** `agencies` as published, when import replaced abolished bodies or repaired the list. */
  agenciesAsPublished: z.array(z.string()).optional(),
  /** `competentAuthority` as published, when import replaced an abolished body in it. */
  competentAuthorityAsPublished: z.string().nullable().optional(),
  /** Obsolete unit words the record still uses ("thị trấn", "cấp huyện"); the text is kept as published. */
  obsoleteWording: z.array(z.string()).optional(),
});
export type Procedure = z.infer<typeof procedureSchema>;

/** Public page of a procedure on the national portal. */
export function portalUrl(code: string): string {
  return `https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=${encodeURIComponent(code)}`;
}

/**
 * A body of the district level (cấp huyện: quận, huyện, thị xã), abolished with the 2025
 * two-tier reform. Matches generic wording ("Bảo hiểm xã hội cấp huyện", "Phòng Tư pháp
 * UBND cấp huyện") and named district bodies ("Công an huyện", "Chi cục thuế huyện").
 */
export function namesDistrictBody(text: string): boolean {
  return /cấp huyện|cấp quận|(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Công an|Chi cục thuế|Bảo hiểm xã hội|BHXH|Ban chỉ huy quân sự|Phòng Tư pháp)\s+(?:các\s+)?(?:quận|huyện|thị xã)(?!\p{L})|liên huyện/iu.test(
    text,
  );
}

/** Where to ask when a record predates the reform and no reviewed successor is known (our wording). */
export const REFORM_ASK_WHERE =
  'Trung tâm Phục vụ hành chính công của tỉnh/thành phố (có điểm tiếp nhận tại Ủy ban nhân dân xã, phường) hoặc tổng đài Cổng Dịch vụ công quốc gia 18001096';

/** The commune-level People's Committee, as answers name it. */
export const COMMUNE_PEOPLES_COMMITTEE = 'Ủy ban nhân dân cấp xã';

/**
 * Whether the commune People's Committee is a competent body the record leaves out of its
 * agencies: certification (field "Chứng thực") placed at commune level, where the record lists
 * only notaries and embassies although most people get copies and signatures certified at their
 * ward (Nghị định 23/2015/NĐ-CP, Điều 5 khoản 2). Other fields are not guessed: a customs or tax
 * record "at commune level" means a local office, not the People's Committee.
 */
export function communeCommitteeImplied(p: Procedure): boolean {
  if (!p.levels.includes('xa') || !p.fields.some((f) => /^chứng thực$/iu.test(f.trim()))) return false;
  return ![...p.agencies, p.competentAuthority ?? ''].some((a) => /\b(cap xa|xa, phuong|ubnd (cap )?(xa|phuong)|uy ban nhan dan (cap )?(xa|phuong))\b/.test(foldText(a)));
}

export interface WhereToGo {
  /** Bodies to go to today, successors in place of abolished ones; never a district-level body. */
  bodies: string[];
  /** The record names an abolished body with no reviewed successor: say so and point to `askWhere`. */
  predatesReform: boolean;
  /** Where to ask when `predatesReform` (null otherwise). */
  askWhere: string | null;
  /** Succession notes to cite ("Bảo hiểm xã hội cấp huyện → …: QĐ …"), one per mapped body. */
  successions: Array<{ asPublished: string; successor: string; basis: string | null }>;
}

/**
 * "Where to go" for an answer: the record's agencies (after the import's successor mapping),
 * with any remaining district-level body removed and flagged. Use this, not `agencies`, in
 * citizen answers.
 */
export function whereToGo(p: Procedure): WhereToGo {
  const named = p.agencies.filter((a) => !namesDistrictBody(a));
  const kept = communeCommitteeImplied(p) ? [COMMUNE_PEOPLES_COMMITTEE, ...named] : named;
  const leftover = p.agencies.length - kept.length;
  const predates = (p.reform?.predatesReform ?? false) || leftover > 0;
  return {
    bodies: [...new Set(kept)],
    predatesReform: predates,
    askWhere: predates ? REFORM_ASK_WHERE : null,
    successions: (p.reform?.bodies ?? []).flatMap((b) => (b.successor ? [{ asPublished: b.asPublished, successor: b.successor, basis: b.basis }] : [])),
  };
}

/** Document items of a role across all groups, in record order (items without a role count as `main`). */
export function documentsWithRole(p: Procedure, role: DocumentRole): DocumentItem[] {
  return p.documentGroups.flatMap((g) => g.items.filter((i) => (i.role ?? 'main') === role));
}

/**
 * Conditional documents grouped under their condition, conditions in record order
 * ("Trường hợp ủy quyền" → [Văn bản ủy quyền …]).
 */
export function conditionalDocuments(p: Procedure): Array<{ condition: string; items: DocumentItem[] }> {
  const out = new Map<string, DocumentItem[]>();
  for (const i of documentsWithRole(p, 'conditional')) {
    const key = i.condition ?? 'Tùy trường hợp';
    const list = out.get(key);
    if (list) list.push(i);
    else out.set(key, [i]);
  }
  return [...out].map(([condition, items]) => ({ condition, items }));
}

/** Submission channel kinds without repeats (the portal repeats rows of one kind per agency). */
export function channelKinds(p: Procedure): ChannelKind[] {
  return [...new Set(p.channels.map((c) => c.kind))];
}

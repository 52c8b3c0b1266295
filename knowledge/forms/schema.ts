import { z } from 'zod';

/**
 * The contract of a form definition (tờ khai). A form is pure data: adding a form is adding a
 * JSON file under `knowledge/forms/data/`. The bot asks for its fields, the renderer prints it.
 */

/** Field kinds; each kind has one parser and one validator in `bot/forms/extract.ts`. */
export const fieldTypeSchema = z.enum([
  'text',
  'name',
  'date',
  'year',
  'select',
  'number',
  'textarea',
  'id-number',
  'phone',
  'email',
  'address',
]);
export type FieldType = z.infer<typeof fieldTypeSchema>;

/**
 * Where a value can come from when nobody typed it: `derive.kind` names a pure function of
 * another field's value (date written in words, ward committee from an address, today).
 */
export const deriveSchema = z.object({
  kind: z.enum(['dateInWords', 'wardCommittee', 'wardPolice', 'wardName', 'provinceLegalAid', 'today']),
  /** Field name the value is derived from (unused for `today`). */
  from: z.string().optional(),
});

export const fieldSchema = z
  .object({
    /** Key of the field in the JSON output (what a portal integration would submit). */
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'field names are snake_case ASCII'),
    /** Label as printed on the official form. */
    label: z.string().min(1),
    type: fieldTypeSchema,
    required: z.boolean().default(false),
    /** Optional but asked once (with "Bỏ qua"): the father's name, the mother's ethnicity. */
    askIfMissing: z.boolean().optional(),
    /** The question the bot asks (Vietnamese); defaults to the label. */
    ask: z.string().optional(),
    options: z.array(z.string()).optional(),
    /** Name of a shared option list in `options.json`. */
    optionsRef: z.string().optional(),
    /**
     * Profile path that prefills the field and receives the answer: `<role>.<key>`, where role
     * is `self`, a relation (`child`, `spouse`, `father`, `mother`) or a role the form defines.
     */
    prefill: z.string().regex(/^[a-zA-Z]+\.[a-zA-Z]+$/).optional(),
    derive: deriveSchema.optional(),
    /** Value used when neither the profile nor the citizen gave one. */
    default: z.string().optional(),
    /** Extra check after type validation; message is shown to the citizen. */
    validation: z.object({ pattern: z.string(), message: z.string() }).optional(),
    print: z
      .object({
        /** Fields sharing a row id print on one line. */
        row: z.string().optional(),
        format: z.enum(['date', 'year']).optional(),
        /** Lines reserved for the value (long addresses). */
        lines: z.number().int().min(1).max(6).optional(),
        hidden: z.boolean().optional(),
      })
      .optional(),
  })
  .strict();
export type FormField = z.infer<typeof fieldSchema>;

export const sectionSchema = z
  .object({
    id: z.string().min(1),
    /** Printed heading; omitted for sections that flow into the previous one. */
    title: z.string().optional(),
    /** Printed sentence before the fields ("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"). */
    note: z.string().optional(),
    fields: z.array(fieldSchema).min(1),
  })
  .strict();
export type FormSection = z.infer<typeof sectionSchema>;

/**
 * A role maps a form-specific person (the bride, the mother of the child) to a profile
 * relation, decided by an answer: e.g. when the requester says they are the mother, the
 * `mother` role is the requester's own profile (`self`), so nothing is asked twice.
 */
export const roleSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z]+$/),
    /** Field name (of this form) or profile path (`self.gioiTinh`) whose value decides. */
    from: z.string().optional(),
    map: z.record(z.string(), z.string()).default({}),
    /** Relation used when the value is unknown or unmapped; `other` is never persisted. */
    otherwise: z.string(),
    /**
     * A person new to every filing (the baby being registered): answers are saved to the
     * relation, but the stored relation never prefills the form.
     */
    fresh: z.boolean().default(false),
  })
  .strict();
export type FormRole = z.infer<typeof roleSchema>;

export const formLayoutSchema = z
  .object({
    /** Lines printed centred above the title (national motto). */
    header: z.array(z.string()).default(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']),
    /** Small print at the top right (form code). */
    corner: z.string().optional(),
    /** Paragraphs printed after the fields (commitment). */
    commitment: z.array(z.string()).default([]),
    /** Field holding the place ("Làm tại") printed with the date. */
    placeField: z.string().optional(),
    /** Field holding the declaration date. */
    dateField: z.string().optional(),
    signatureTitle: z.string().default('Người yêu cầu'),
    signatureHint: z.string().default('(Ký, ghi rõ họ, chữ đệm, tên)'),
    /** Field printed under the signature. */
    signatureNameField: z.string().optional(),
    /** Footnotes printed at the end (as on the official template). */
    notes: z.array(z.string()).default([]),
  })
  .strict();

export const formDefinitionSchema = z
  .object({
    /** Slug used everywhere (eval `expect.form`, outcome `form`). */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    /** Printed title (upper case as on the form). */
    title: z.string().min(1),
    /** Short name used in conversation ("tờ khai đăng ký khai sinh"). */
    shortName: z.string().min(1),
    /** Official template code, when the form has one (CT01). */
    code: z.string().optional(),
    legalBasis: z.string().min(1),
    /** Catalogue codes of procedures this form belongs to. */
    procedureCodes: z.array(z.string().regex(/^\d\.\d{6}$/)).min(1),
    /** Folded (no diacritics, lower case) phrases naming the form in a request. */
    triggers: z.array(z.string().min(2)).min(1),
    /** Field printed after "Kính gửi:". */
    addresseeField: z.string().optional(),
    roles: z.array(roleSchema).default([]),
    sections: z.array(sectionSchema).min(1),
    layout: formLayoutSchema.default({}),
    /** Where the form content comes from (provenance). */
    source: z.string().optional(),
  })
  .strict();
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
export type FormDefinitionInput = z.input<typeof formDefinitionSchema>;

/** Shared option lists (`options.json`). */
export const formOptionsSchema = z.record(z.string(), z.array(z.string().min(1)).min(1));
export type FormOptions = z.infer<typeof formOptionsSchema>;

/** Canonical profile keys shared by all forms. */
export const PROFILE_KEYS = [
  'hoTen',
  'ngaySinh',
  'gioiTinh',
  'danToc',
  'quocTich',
  'soDinhDanh',
  'soDienThoai',
  'email',
  'noiCuTru',
  'queQuan',
] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];

/** Relations kept as nested profiles. */
export const RELATIONS = ['child', 'spouse', 'father', 'mother'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Where a role can point: the citizen, a relation, or a person only this form knows. */
export const ROLE_TARGETS = ['self', ...RELATIONS, 'other'] as const;

import type {
  DocumentGroup,
  ImplementationLevel,
  LegalBasisItem,
  ProcedureScope,
  ProcedureSource,
  SubmissionChannel,
} from '../procedure.js';

/**
 * What one source says about one procedure, before merging. Every field is optional
 * except the code: a source that does not know a field leaves it `undefined`, and the
 * merge fills it from a lower-precedence source. Empty arrays and `null` mean "the
 * source has this section and it is empty".
 */
export interface SourceRecord {
  source: ProcedureSource;
  code: string;
  /** ISO date of the source snapshot. */
  crawledAt: string;
  url?: string;
  name?: string;
  scope?: ProcedureScope;
  province?: string | null;
  levels?: ImplementationLevel[];
  fields?: string[];
  agencies?: string[];
  competentAuthority?: string | null;
  promulgatedBy?: string | null;
  applicants?: string[];
  decisionNumber?: string | null;
  submissionAddress?: string | null;
  /** Detail sections: present only in detail sources. */
  steps?: string[];
  channels?: SubmissionChannel[];
  documentGroups?: DocumentGroup[];
  notes?: string[];
  conditions?: string | null;
  results?: string[];
  legalBasis?: LegalBasisItem[];
  relatedProcedures?: string[];
}

/** A source record that could not be used, with the reason shown in the import report. */
export interface RejectedRecord {
  source: ProcedureSource;
  /** The code when one could be read, else a location ("line 12"). */
  code: string;
  reason: string;
}

/** A non-fatal parse problem inside an accepted record (e.g. an unrecognised table). */
export interface ParseWarning {
  source: ProcedureSource;
  code: string;
  field: string;
  message: string;
}

/** The canonical code shape; anything else is rejected rather than guessed. */
export const CODE_PATTERN = /^\d\.\d{6}$/;

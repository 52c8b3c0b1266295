import { AppError } from '../../knowledge/errors.js';
import type { Case, CaseDeadline, CaseOutcome, CaseStatus, Urgency } from './model.js';

/**
 * The case status machine: which status may follow which, who may make each move, and what
 * each move sets. Pure: it reads a case and a command and returns the change; the service
 * asks the repository to persist it only if the case is still at the status and version the
 * change was decided on (so two lawyers accepting at once still conflict).
 */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['offered', 'waiting', 'closed'],
  waiting: ['offered', 'waiting', 'closed'],
  offered: ['offered', 'waiting', 'live', 'closed'],
  assigned: ['live', 'offered', 'closed'],
  live: ['ended_by_citizen', 'offered', 'closed'],
  ended_by_citizen: ['offered', 'closed'],
  closed: [],
};

/** Statuses in which a lawyer holds the case (counted against their capacity with `offered`). */
export const HELD_STATUSES: readonly CaseStatus[] = ['offered', 'assigned', 'live', 'ended_by_citizen'];

/** Statuses routing still has to act on (the scheduler retries them). */
export const UNROUTED_STATUSES: readonly CaseStatus[] = ['open', 'waiting'];

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** What a move asks for. */
export type CaseCommand =
  /** Offer to one lawyer (routing, a re-offer after a decline or lapse, or the coordinator's reassignment). */
  | {
      type: 'offer';
      lawyerId: string;
      offerExpiresAt: string;
      expectedContactAt: string;
      /** The lawyer who declined or let the previous offer lapse, remembered in `declinedBy`. */
      previousLawyerDeclined?: string;
      /** Set when routing had to compromise (late session, no specialist): the coordinator looks. */
      flagReason?: string;
      actor?: string;
    }
  /** No lawyer can be offered: the coordinator must act. */
  | { type: 'wait'; flagReason: string; previousLawyerDeclined?: string }
  /** The offered lawyer accepts: the conversation starts. */
  | { type: 'accept'; lawyerId: string }
  /** A lawyer who accepted earlier (`assigned`) joins the conversation. */
  | { type: 'connect'; lawyerId: string }
  /** The citizen leaves the live chat. */
  | { type: 'end_by_citizen' }
  | { type: 'close'; outcome: CaseOutcome; by: { lawyerId?: string; coordinator?: boolean } };

/** The fields a move may set; a key present with `undefined` clears the field. */
export type CasePatch = Partial<
  Pick<Case, 'lawyerId' | 'offerExpiresAt' | 'expectedContactAt' | 'declinedBy' | 'flagged' | 'flagReason' | 'outcome' | 'offeredAt' | 'acceptedAt' | 'liveAt' | 'closedAt'>
>;

/** Non-status changes (no version bump: they never race a lawyer's move). */
export type CaseAnnotation = Partial<Pick<Case, 'flagged' | 'flagReason' | 'announced'>>;

/** Triage's later corrections (the citizen gives the document date afterwards). */
export interface CaseIntakeUpdate {
  deadline?: CaseDeadline;
  urgency?: Urgency;
}

/** A decided move, for the repository to persist. */
export interface CaseChange {
  from: CaseStatus;
  to: CaseStatus;
  /** The version the change was decided on. */
  version: number;
  patch: CasePatch;
  audit: { kind: string; actor: string; detail?: string };
}

function targetOf(cmd: CaseCommand): CaseStatus {
  switch (cmd.type) {
    case 'offer':
      return 'offered';
    case 'wait':
      return 'waiting';
    case 'accept':
    case 'connect':
      return 'live';
    case 'end_by_citizen':
      return 'ended_by_citizen';
    case 'close':
      return 'closed';
  }
}

const withDeclined = (c: Case, lawyerId: string | undefined): string[] | undefined =>
  lawyerId && !c.declinedBy.includes(lawyerId) ? [...c.declinedBy, lawyerId] : undefined;

/**
 * Decides a move: throws `conflict:*` when the case's status does not allow it (closed, not
 * offered to this lawyer, not live) and `forbidden:handoff_close` when a lawyer closes a case
 * they do not hold; otherwise returns what to set. `now` stamps the times it sets.
 */
export function decide(c: Case, cmd: CaseCommand, now: Date): CaseChange {
  const at = now.toISOString();
  const to = targetOf(cmd);
  if (c.status === 'closed') throw new AppError('conflict:handoff_closed', `Case ${c.id} is closed`);
  const base = { from: c.status, to, version: c.version };
  const refuse = (code: 'conflict:handoff_not_offered' | 'conflict:handoff_not_live' | 'conflict:case_status', why: string): never => {
    throw new AppError(code, `Case ${c.id} is ${c.status}: ${why}`);
  };
  if (!canTransition(c.status, to)) {
    if (cmd.type === 'accept') refuse('conflict:handoff_not_offered', `not currently offered to lawyer ${cmd.lawyerId}`);
    if (cmd.type === 'end_by_citizen') refuse('conflict:handoff_not_live', 'the citizen is not in a live chat');
    refuse('conflict:case_status', `cannot move to ${to}`);
  }
  switch (cmd.type) {
    case 'offer': {
      const patch: CasePatch = { lawyerId: cmd.lawyerId, offerExpiresAt: cmd.offerExpiresAt, offeredAt: at, expectedContactAt: cmd.expectedContactAt };
      const declined = withDeclined(c, cmd.previousLawyerDeclined);
      if (declined) patch.declinedBy = declined;
      if (cmd.flagReason) {
        patch.flagged = true;
        patch.flagReason = cmd.flagReason;
      }
      return { ...base, patch, audit: { kind: `${c.status}->offered`, actor: cmd.actor ?? 'system:rota', detail: `lawyer=${cmd.lawyerId}` } };
    }
    case 'wait': {
      const patch: CasePatch = { lawyerId: undefined, offerExpiresAt: undefined, flagged: true, flagReason: cmd.flagReason };
      const declined = withDeclined(c, cmd.previousLawyerDeclined);
      if (declined) patch.declinedBy = declined;
      return { ...base, patch, audit: { kind: `${c.status}->waiting`, actor: 'system:rota', detail: 'no lawyer available' } };
    }
    case 'accept':
      if (c.lawyerId !== cmd.lawyerId) refuse('conflict:handoff_not_offered', `not currently offered to lawyer ${cmd.lawyerId}`);
      return {
        ...base,
        patch: { acceptedAt: at, liveAt: at, offerExpiresAt: undefined, flagged: false, flagReason: undefined },
        audit: { kind: `${c.status}->live`, actor: `lawyer:${cmd.lawyerId}`, detail: `lawyer=${cmd.lawyerId}` },
      };
    case 'connect':
      if (c.lawyerId !== cmd.lawyerId) refuse('conflict:handoff_not_live', `not held by lawyer ${cmd.lawyerId}`);
      return { ...base, patch: { liveAt: at }, audit: { kind: `${c.status}->live`, actor: `lawyer:${cmd.lawyerId}` } };
    case 'end_by_citizen':
      return { ...base, patch: {}, audit: { kind: `${c.status}->ended_by_citizen`, actor: 'citizen' } };
    case 'close':
      if (!cmd.by.coordinator && c.lawyerId !== cmd.by.lawyerId) {
        throw new AppError('forbidden:handoff_close', `Lawyer ${cmd.by.lawyerId} does not hold case ${c.id}`);
      }
      return {
        ...base,
        patch: { outcome: cmd.outcome, closedAt: at, offerExpiresAt: undefined, flagged: false, flagReason: undefined },
        audit: { kind: `${c.status}->closed`, actor: cmd.by.coordinator ? 'coordinator' : `lawyer:${cmd.by.lawyerId}`, detail: cmd.outcome },
      };
  }
}

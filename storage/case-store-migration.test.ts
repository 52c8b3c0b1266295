import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, CaseAuditEntry, Offer, PrivateNote, SealedBox, TranscriptEntry } from '../bot/ports/index.js';
import { SqliteCaseStore } from './case-store.js';
import { SqliteConsoleNotes } from './console-notes.js';
import { SqliteTranscriptStore } from './console-transcript.js';
import { createSealedBox } from './crypto.js';
import { openDatabase, type Db } from './sqlite.js';
import { CASES_V1_EXPECTED, CASES_V1_KEY_HEX, CASES_V1_SQLITE } from './testing/cases-v1.js';

/** The two records the two-model version kept per case, as its stores read them back. */
interface V1Case {
  record: {
    id: string;
    status: string;
    urgency: string;
    offeredTo?: string;
    offeredAt?: string;
    assignedLawyerId?: string;
    assignedAt?: string;
    liveAt?: string;
    closedAt?: string;
    declinedBy: string[];
    disposition?: string;
    [k: string]: unknown;
  };
  events: CaseAuditEntry[];
  routing: null | {
    status: string;
    urgency: string;
    ward?: string;
    legalArea?: string;
    language: string;
    conflictWithServicePoint: boolean;
    lawyerId?: string;
    offerExpiresAt?: string;
    slaDueAt: string;
    expectedContactAt?: string;
    flagged: boolean;
    flagReason?: string;
    outcome?: string;
    announced: boolean;
    acceptedAt?: string;
    closedAt?: string;
  };
  offers: Offer[];
  transcript: TranscriptEntry[];
  notes: PrivateNote[];
}

const URGENCY_V1: Record<string, string> = { emergency: 'emergency', '24h': 'deadline', '3_working_days': 'soon', routine: 'routine' };
const INTAKE_FIELDS = [
  'channel', 'servicePoint', 'address', 'userId', 'conversationId', 'area', 'confidence', 'secondaryAreas', 'signals', 'deadline', 'parties',
  'eligibility', 'service', 'limitedScopeAcknowledged', 'contact', 'summary', 'consent', 'retentionUntil', 'botVersion', 'citedArticles',
  'createdAt', 'updatedAt', 'offeredAt', 'liveAt', 'declinedBy',
] as const;

/** Legal aid's box as the version that wrote the fixture sealed with it: bindings prefixed `legal-aid|`. */
function v1Box(): SealedBox {
  const master = createSealedBox(Buffer.from(CASES_V1_KEY_HEX, 'hex'));
  const bind = (b?: string) => (b ? `legal-aid|${b}` : 'legal-aid');
  const box: SealedBox = { seal: (s, b) => master.seal(s, bind(b)), open: (s, b) => master.open(s, bind(b)), lookupHash: (v) => master.lookupHash(v), forPurpose: () => box };
  return box;
}

describe('case_store_004_one_model on a database written by the two-model version', () => {
  const expected = (JSON.parse(fs.readFileSync(CASES_V1_EXPECTED, 'utf8')) as { cases: V1Case[] }).cases;
  let dir: string;
  let db: Db;
  let store: SqliteCaseStore;
  let transcript: SqliteTranscriptStore;
  let notes: SqliteConsoleNotes;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-v1-'));
    const file = path.join(dir, 'tthc.sqlite');
    fs.copyFileSync(CASES_V1_SQLITE, file);
    db = openDatabase(file);
    const box = v1Box();
    store = new SqliteCaseStore(db, { box, clock: () => new Date('2026-12-06T00:00:00Z') });
    transcript = new SqliteTranscriptStore(db, box);
    notes = new SqliteConsoleNotes(db, box);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the fixture covers both lifecycles', () => {
    const statuses = new Set(expected.map((c) => `${c.record.status}/${c.routing?.status ?? '-'}`));
    expect(statuses).toEqual(
      new Set(['open/waiting', 'offered/offered', 'live/live', 'live/ended_by_citizen', 'closed/closed', 'open/-', 'assigned/-']),
    );
    expect(expected.some((c) => c.record.declinedBy.length > 0 && c.record.status === 'open')).toBe(true);
    expect(expected.some((c) => c.routing?.flagged)).toBe(true);
  });

  it('keeps every case with its intake (sealed fields open), routing state, one status and one urgency', async () => {
    const all = await store.list();
    expect(all.map((c) => c.id).sort()).toEqual(expected.map((c) => c.record.id).sort());
    for (const v1 of expected) {
      const c = (await store.get(v1.record.id)) as Case;
      const r = v1.record;
      const h = v1.routing;
      for (const f of INTAKE_FIELDS) expect([r.id, f, c[f]]).toEqual([r.id, f, r[f]]);
      expect(c.version).toBe(1);
      expect(c.status).toBe(h?.status ?? r.status);
      expect(c.urgency).toBe(h?.urgency ?? URGENCY_V1[r.urgency]);
      expect(c.lawyerId).toBe(h ? h.lawyerId : (r.assignedLawyerId ?? r.offeredTo));
      expect(c.acceptedAt).toBe(h?.acceptedAt ?? r.assignedAt);
      expect(c.closedAt).toBe(h?.closedAt ?? r.closedAt);
      if (h) {
        expect({ ward: c.ward, legalArea: c.legalArea, language: c.language, conflict: c.conflictWithServicePoint, offerExpiresAt: c.offerExpiresAt, slaDueAt: c.slaDueAt, expectedContactAt: c.expectedContactAt, flagged: c.flagged, flagReason: c.flagReason, outcome: c.outcome, announced: c.announced }).toEqual({
          ward: h.ward, legalArea: h.legalArea, language: h.language, conflict: h.conflictWithServicePoint, offerExpiresAt: h.offerExpiresAt, slaDueAt: h.slaDueAt, expectedContactAt: h.expectedContactAt, flagged: h.flagged, flagReason: h.flagReason, outcome: h.outcome, announced: h.announced,
        });
      } else {
        // Never routed: due at once, so the scheduler routes it and the SLA board shows it late.
        expect(c).toMatchObject({ slaDueAt: r.createdAt, flagged: false, announced: false, language: 'vi', legalArea: r.area });
      }
    }
  });

  it('keeps every offer, transcript entry (decrypted), note (decrypted) and audit line, and adds one migration line', async () => {
    for (const v1 of expected) {
      const id = v1.record.id;
      expect(await store.listOffers(id)).toEqual(v1.offers);
      expect(await transcript.list(id)).toEqual(v1.transcript);
      expect(await notes.list(id)).toEqual(v1.notes);
      const trail = await store.events(id);
      expect(trail.slice(0, -1)).toEqual(v1.events);
      expect(trail.at(-1)).toMatchObject({ kind: 'migrated', actor: 'system:migration', detail: expect.stringContaining(`status ${v1.record.status}`) });
    }
    expect(expected.reduce((n, c) => n + c.offers.length, 0)).toBeGreaterThan(5);
    expect(expected.reduce((n, c) => n + c.transcript.length, 0)).toBeGreaterThan(10);
  });

  it('drops the routing tables and the mirrored columns; lawyer loads and queues read the one table', async () => {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).not.toContain('handoff_cases');
    expect(tables).not.toContain('handoff_offers');
    const columns = (db.prepare('PRAGMA table_info(cases)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('offered_to');
    expect(columns).not.toContain('assigned_lawyer_id');
    expect(columns).not.toContain('disposition');
    const held = expected.filter((c) => ['offered', 'live', 'ended_by_citizen'].includes(c.routing?.status ?? '') || c.record.status === 'assigned');
    const loads = await store.lawyerLoads();
    expect([...loads.values()].reduce((n, l) => n + l.openCases, 0)).toBe(held.length);
    const waiting = await store.list({ statuses: ['waiting'], flaggedOnly: true });
    expect(waiting.map((c) => c.id).sort()).toEqual(expected.filter((c) => c.routing?.status === 'waiting').map((c) => c.record.id).sort());
  });
});

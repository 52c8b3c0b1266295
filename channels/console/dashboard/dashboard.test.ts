import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCases } from '../../../evals/cases.js';
import { SqliteAnalytics, sqliteDashboardAnalytics } from '../../../storage/analytics.js';
import { SqliteAccessLog } from '../../../storage/console-access-log.js';
import { SqliteConsoleSessions } from '../../../storage/console-sessions.js';
import { SqliteConsoleUsers } from '../../../storage/console-users.js';
import { FAKE_PLAINTEXT_BOX } from '../../../storage/testing/plaintext-box.js';
import { SqliteFeedbackStore } from '../../../storage/feedback-store.js';
import { openDatabase } from '../../../storage/sqlite.js';
import { SqliteTurnLog } from '../../../storage/turn-log.js';
import { SESSION_COOKIE } from '../router.js';
import { silentLogger } from '../../../bot/ports/index.js';
import { createDashboardRouter } from './router.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dash-'));
const db = openDatabase(path.join(dir, 't.sqlite'));
const turnLog = new SqliteTurnLog(db, FAKE_PLAINTEXT_BOX);
const feedback = new SqliteFeedbackStore(db, FAKE_PLAINTEXT_BOX);
const users = new SqliteConsoleUsers(db);
const sessions = new SqliteConsoleSessions(db);
const accessLog = new SqliteAccessLog(db);
const reviewFile = path.join(dir, 'reviewed.jsonl');
const now = () => new Date('2026-12-06T05:00:00Z');
let base = '';
const cookies: Record<string, string> = {};
let server: import('node:http').Server;

beforeAll(async () => {
  const turn = (ward: string, text: string, behavior: 'answer' | 'refuse', i: number) =>
    turnLog.record({
      conversationId: `c-${ward}-${i}`, userId: `u${i}`, channelId: 'zalo', at: `2026-12-0${1 + (i % 5)}T03:00:00.000Z`, text, latencyMs: 3, ward,
      outcome: { behavior, procedures: [], understanding: { intent: behavior === 'refuse' ? 'out_of_scope' : 'procedure', confidence: 0.9, danger: false, abstain: false } },
    });
  for (let i = 0; i < 6; i++) await turn('00004', `vé máy bay đi Đà Nẵng số 0912345678 lần ${i}`, 'refuse', i);
  for (let i = 0; i < 6; i++) await turn('00008', `giấy phép bắn pháo hoa ${i}`, 'refuse', i + 10);
  for (const [name, role, wards] of [['pt1', 'analyst', ['00004']], ['ptall', 'analyst', []], ['ls1', 'lawyer', []]] as const) {
    const u = await users.create({ username: name, role, password: 'mat-khau-dai-1', servicePoints: [...wards], lawyerId: role === 'lawyer' ? 'L1' : undefined, displayName: name });
    cookies[name] = `${SESSION_COOKIE}=${(await sessions.create(u.id)).token}`;
  }
  const app = express();
  app.use('/console/dashboard', createDashboardRouter({
    analytics: sqliteDashboardAnalytics(new SqliteAnalytics(db)), users, sessions, accessLog, now, logger: silentLogger, reviewFile,
    openTurnText: (r) => turnLog.openText(r), openFeedbackQuestion: (r) => feedback.openQuestion(r),
    procedure: () => undefined, wards: () => [{ code: '00004', name: 'Phường A' }, { code: '00008', name: 'Phường B' }],
  }));
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/console/dashboard`;
});
afterAll(() => {
  server?.close();
  db.close();
});

const get = (p: string, who: string) => fetch(`${base}${p}`, { headers: { cookie: cookies[who]!, accept: 'text/html' }, redirect: 'manual' });

describe('city dashboard roles and review', () => {
  it('a lawyer cannot open the dashboard (403, logged)', async () => {
    expect((await get('/', 'ls1')).status).toBe(403);
    expect((await accessLog.list({ limit: 5 })).some((e) => e.action === 'dashboard_denied' && e.username === 'ls1')).toBe(true);
  });

  it("an analyst limited to a ward sees that ward's examples only, and is refused another ward", async () => {
    // Nothing is written before a review: the eval dataset is missing, never empty.
    expect(existsSync(reviewFile)).toBe(false);
    const page = await (await get('/?from=2026-12-01&to=2026-12-06', 'pt1')).text();
    expect(page).toContain('vé máy bay');
    expect(page).not.toContain('pháo hoa');
    expect(page).not.toContain('0912345678');
    expect((await get('/?ward=00008', 'pt1')).status).toBe(403);
    const all = await (await get('/?from=2026-12-01&to=2026-12-06', 'ptall')).text();
    expect(all).toContain('pháo hoa');
  });

  it('a review becomes a redacted eval case in the JSONL file', async () => {
    const page = await (await get('/review?from=2026-12-01&to=2026-12-06', 'pt1')).text();
    const turnId = /name="turnId" value="(\d+)"/.exec(page)?.[1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(turnId && csrf).toBeTruthy();
    const res = await fetch(`${base}/review`, {
      method: 'POST', redirect: 'manual',
      headers: { cookie: cookies.pt1!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf!, turnId: turnId!, label: 'wrong', reason: 'wrong_behavior', behavior: 'clarify', procedure: '', answer: 'gọi 0912345678', from: '2026-12-01', to: '2026-12-06', ward: '' }),
    });
    expect(res.status).toBe(303);
    expect(existsSync(reviewFile)).toBe(true);
    const text = readFileSync(reviewFile, 'utf8');
    const [c] = parseCases(text, 'reviewed.jsonl');
    expect(c!.expect.behavior).toBe('clarify');
    expect(text).not.toContain('0912345678');
  });

  it('the review file stays a valid eval dataset: a second review adds a distinct case, a repeat adds none', async () => {
    const review = async (turnId: string, csrf: string) =>
      fetch(`${base}/review`, {
        method: 'POST', redirect: 'manual',
        headers: { cookie: cookies.ptall!, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, turnId, label: 'correct', reason: '', behavior: '', procedure: '', answer: '', from: '2026-12-01', to: '2026-12-06', ward: '' }),
      });
    const page = await (await get('/review?from=2026-12-01&to=2026-12-06', 'ptall')).text();
    const turnId = /name="turnId" value="(\d+)"/.exec(page)?.[1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(turnId && csrf).toBeTruthy();
    expect((await review(turnId!, csrf!)).status).toBe(303);
    const once = readFileSync(reviewFile, 'utf8');
    expect((await review(turnId!, csrf!)).status).toBe(409);
    expect(readFileSync(reviewFile, 'utf8')).toBe(once);
    const cases = parseCases(once, 'reviewed.jsonl');
    expect(cases).toHaveLength(2);
    expect(new Set(cases.map((c) => c.id)).size).toBe(2);
    expect(cases[1]!.tags).toContain('review:correct');
  });
});

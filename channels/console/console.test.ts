import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal } from '../../bot/handoff/index.js';
import { FakeClock, FakeProactiveSender, lawyer, newCase, point, shift } from '../../bot/handoff/testing/fixtures.js';
import { openDatabase, type Db } from '../../storage/sqlite.js';
import { randomBytes } from 'node:crypto';
import { createSealedBox } from '../../storage/crypto.js';
import { createLegalAid, legalAidBox, type LegalAid } from '../../app/legal-aid.js';
import { silentLogger, type ConversationAddress, type Urgency } from '../../bot/ports/index.js';
import type { LawyerConsole } from './index.js';
import { ConsoleClient } from './testing/console-client.js';

let dir: string;
let db: Db;
let aid: LegalAid;
let desk: LawyerConsole;
/** Legal aid as app/legal-aid.ts composes it, and this console over it. */
const system = {
  get service() {
    return aid.service;
  },
  get stores() {
    return { rota: aid.rota, users: desk.users, accessLog: desk.accessLog };
  },
};
/** Opens a case through the one path (triage's intake, routed at once). */
const openCase = (o: { ward: string; urgency: Urgency; address: ConversationAddress }) =>
  aid.service.openCase(newCase({ servicePoint: o.ward, urgency: o.urgency, address: o.address }));
let server: http.Server;
let hookServer: http.Server;
let base: string;
const hooks: Array<Record<string, unknown>> = [];
const clock = new FakeClock(fromLocal('2026-11-30', '09:00'));
const citizen = new FakeProactiveSender();
const address = { channelId: 'directline', conversationId: 'conv-42', userId: 'citizen-42', reference: { serviceUrl: 'x' } };
const PW = 'mat-khau-thu-nghiem-1';

async function listen(s: http.Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-'));
  db = openDatabase(path.join(dir, 'tthc.sqlite'));
  hookServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hooks.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  const hookUrl = await listen(hookServer);
  aid = await createLegalAid({
    db,
    box: legalAidBox(createSealedBox(randomBytes(32))),
    now: clock.now,
    newId: () => globalThis.crypto.randomUUID(),
    logger: silentLogger,
    senders: (ch) => (ch === 'directline' ? citizen : undefined),
    lawyerNotify: { webhookUrl: `${hookUrl}/notify` },
    publicBaseUrl: 'https://tthc.example.vn',
    tickIntervalMs: 0,
  });
  desk = aid.console({ channelStatus: () => [] });
  const { rota, users } = system.stores;
  rota.upsertServicePoints([point('00004', ['00008']), point('00008', ['00004'])]);
  await rota.importRota({
    lawyers: [lawyer('L1', { name: 'Nguyễn Văn Mẫu' }), lawyer('L2', { name: 'Trần Thị Thử' })],
    schedule: { shifts: [shift('L1', '00004', 1), shift('L2', '00008', 1)], exceptions: [] },
  });
  await users.create({ username: 'ls1', password: PW, role: 'lawyer', lawyerId: 'L1', displayName: 'LS Mẫu' });
  await users.create({ username: 'ls2', password: PW, role: 'lawyer', lawyerId: 'L2' });
  await users.create({ username: 'dieuphoi', password: PW, role: 'coordinator' });
  await users.create({ username: 'quantri', password: PW, role: 'admin' });
  const app = express();
  app.use('/console', desk.router!);
  server = http.createServer(app);
  base = await listen(server);
});

afterAll(async () => {
  for (const w of desk.workers ?? []) await w.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => hookServer.close(r));
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('console authentication', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie, Secure behind https', async () => {
    const c = new ConsoleClient(base, { 'x-forwarded-proto': 'https' });
    const res = await c.login('ls1', PW);
    expect(res.status).toBe(303);
    const cookie = c.lastSetCookie.find((s) => s.startsWith('tthc_console='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    const plain = new ConsoleClient(base);
    await plain.login('ls1', PW);
    expect(plain.lastSetCookie.find((s) => s.startsWith('tthc_console='))).not.toMatch(/Secure/);
  });

  it('refuses a login without the login CSRF token', async () => {
    const c = new ConsoleClient(base);
    const res = await c.request('POST', '/console/login', { form: { username: 'ls1', password: PW, _csrf: 'forged' } });
    expect(res.status).toBe(400);
  });

  it('locks the account after 5 wrong passwords, even against the right one', async () => {
    const { users } = system.stores;
    await users.create({ username: 'khoa', password: PW, role: 'lawyer', lawyerId: 'L2' });
    const c = new ConsoleClient(base);
    for (let i = 0; i < 4; i++) expect((await c.login('khoa', 'sai-mat-khau-123')).status).toBe(401);
    const fifth = await c.login('khoa', 'sai-mat-khau-123');
    expect(fifth.status).toBe(429);
    const right = await c.login('khoa', PW);
    expect(right.status).toBe(429);
    expect(right.text).toContain('tạm khoá');
    clock.advance(16 * 60_000);
    expect((await c.login('khoa', PW)).status).toBe(303);
    clock.set(fromLocal('2026-11-30', '09:00').toISOString());
  });

  it('redirects pages to the login form and rejects API calls without a session', async () => {
    const c = new ConsoleClient(base);
    expect((await c.get('/console/')).status).toBe(303);
    expect((await c.get('/console/cases/X/transcript.json', { accept: 'application/json' })).status).toBe(401);
  });
});

describe('a case through the console', () => {
  let caseId: string;

  beforeAll(async () => {
    const { case: c } = await openCase({ ward: '00004', urgency: 'routine', address });
    caseId = c.id;
  });

  it('notified the offered lawyer through the webhook, without personal data', () => {
    const hook = hooks.find((h) => h.caseId === caseId)!;
    expect(hook).toMatchObject({ type: 'lawyer.offer', lawyerId: 'L1', urgency: 'routine', url: `https://tthc.example.vn/console/cases/${caseId}` });
    expect(JSON.stringify(hook)).not.toContain('conv-42');
  });

  it('lets only the offered lawyer open the case; another lawyer gets 403 and the attempt is logged', async () => {
    const ls1 = new ConsoleClient(base);
    await ls1.login('ls1', PW);
    const queue = await ls1.get('/console/');
    expect(queue.text).toContain(caseId);
    expect((await ls1.get(`/console/cases/${caseId}`)).status).toBe(200);

    const ls2 = new ConsoleClient(base);
    await ls2.login('ls2', PW);
    expect((await ls2.get('/console/')).text).not.toContain(caseId);
    // The JSON the queue page polls to announce changes has the same scope.
    const queueJson = (await ls1.get('/console/', { accept: 'application/json' })).text;
    expect(JSON.parse(queueJson).cases.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    // Only what the poller compares: the intake (summary, parties, contact) stays on the logged case page.
    expect(queueJson).not.toContain('xây lấn');
    expect(Object.keys(JSON.parse(queueJson).cases[0]).sort()).toEqual(['caseId', 'flagged', 'lawyerId', 'status']);
    expect(JSON.parse((await ls2.get('/console/', { accept: 'application/json' })).text).cases).toEqual([]);
    const denied = await ls2.get(`/console/cases/${caseId}`);
    expect(denied.status).toBe(403);
    expect(denied.text).toContain('đã được ghi lại');
    expect((await ls2.get(`/console/cases/${caseId}/transcript.json`, { accept: 'application/json' })).status).toBe(403);

    const log = await system.stores.accessLog.list({ caseId });
    expect(log.some((e) => e.username === 'ls1' && e.action === 'view' && e.allowed)).toBe(true);
    expect(log.filter((e) => e.username === 'ls2' && !e.allowed).map((e) => e.action)).toEqual(['view_transcript_denied', 'view_denied']);
  });

  it('accepts, relays live, replies without reload, keeps notes apart, and closes', async () => {
    const ls1 = new ConsoleClient(base);
    await ls1.login('ls1', PW);
    await ls1.get(`/console/cases/${caseId}`);
    // A state change without the CSRF token is refused.
    expect((await ls1.request('POST', `/console/cases/${caseId}/accept`, { form: {} })).status).toBe(403);
    expect((await ls1.post(`/console/cases/${caseId}/accept`)).status).toBe(303);
    expect((await system.service.getCase(caseId))!.status).toBe('live');
    expect(citizen.texts().at(-1)).toContain('Luật sư Nguyễn Văn Mẫu đã nhận hồ sơ');

    // Live stream: the citizen's message reaches the open console page without reload.
    const ctrl = new AbortController();
    const stream = await fetch(`${base}/console/cases/${caseId}/events`, {
      headers: { cookie: ls1.cookieHeader() },
      signal: ctrl.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    await system.service.citizenMessage(caseId, 'Nhà bên cạnh xây lấn sang đất tôi');
    let got = '';
    while (!got.includes('xây lấn')) got += new TextDecoder().decode((await reader.read()).value);
    expect(got).toContain('event: transcript');
    ctrl.abort();

    const reply = await ls1.request('POST', `/console/cases/${caseId}/reply`, {
      json: { text: 'Anh/chị mang theo giấy chứng nhận quyền sử dụng đất nhé.' },
      headers: { 'x-csrf-token': ls1.csrf },
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).result.delivery).toBe('sent');
    expect(citizen.sent.at(-1)!.address).toEqual(address);
    expect(citizen.texts().at(-1)).toContain('giấy chứng nhận quyền sử dụng đất');

    expect((await ls1.post(`/console/cases/${caseId}/notes`, { text: 'Ghi chú riêng: cần xem bản đồ địa chính' })).status).toBe(303);
    const transcript = JSON.parse((await ls1.get(`/console/cases/${caseId}/transcript.json`, { accept: 'application/json' })).text);
    expect(JSON.stringify(transcript)).not.toContain('bản đồ địa chính');
    const pageHtml = (await ls1.get(`/console/cases/${caseId}`)).text;
    expect(pageHtml).toContain('bản đồ địa chính');

    expect((await ls1.post(`/console/cases/${caseId}/close`, { outcome: 'advised' })).status).toBe(303);
    expect((await system.service.getCase(caseId))!).toMatchObject({ status: 'closed', outcome: 'advised' });
    expect(citizen.texts().at(-1)).toContain('kết thúc buổi tư vấn');
  });

  it('escapes citizen text in pages', async () => {
    const { case: c } = await openCase({ ward: '00004', urgency: 'routine', address: { ...address, conversationId: 'conv-43' } });
    await system.service.accept(c.id, c.lawyerId!);
    await system.service.citizenMessage(c.id, '<script>alert(1)</script>');
    const ls = new ConsoleClient(base);
    await ls.login(c.lawyerId === 'L1' ? 'ls1' : 'ls2', PW);
    const page = await ls.get(`/console/cases/${c.id}`);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('coordinator and admin', () => {
  it('shows the SLA board and rota, reassigns, and lets the admin create users', async () => {
    const { case: c } = await openCase({ ward: '00008', urgency: 'emergency', address: { ...address, conversationId: 'conv-44' } });
    const co = new ConsoleClient(base);
    await co.login('dieuphoi', PW);
    const sla = await co.get('/console/sla');
    expect(sla.status).toBe(200);
    expect(sla.text).toContain(c.id);
    const rotaHtml = (await co.get('/console/rota')).text;
    expect(rotaHtml).toContain('Nguyễn Văn Mẫu');
    expect(rotaHtml).toContain('08:00–12:00');
    const other = c.lawyerId === 'L1' ? 'L2' : 'L1';
    await co.get(`/console/cases/${c.id}`);
    expect((await co.post(`/console/cases/${c.id}/reassign`, { lawyerId: other })).status).toBe(303);
    expect((await system.service.getCase(c.id))!.lawyerId).toBe(other);
    expect((await co.post('/console/rota/exceptions', { lawyerId: 'L1', kind: 'leave', date: '2026-12-07', dateTo: '2026-12-07' })).text).toContain('Đã lưu');

    // CSV import from the console: a bad file is refused whole, with each bad row named.
    const bad = await co.post('/console/rota/import', {
      lawyersCsv: 'id,name,specialties\nL9,Luật sư Chín,DAT_DAI\nL10,,LUAT_X\n',
      shiftsCsv: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('lawyers.csv dòng 3');
    expect(await system.stores.rota.getLawyer('L9')).toBeUndefined();
    const good = await co.post('/console/rota/import', {
      lawyersCsv: 'id,name,specialties\nL9,Luật sư Chín,DAT_DAI\n',
      shiftsCsv: 'lawyer_id,kind,service_point,weekday,start,end\nL9,weekly,00004,T3,08:00,11:30\n',
    });
    expect(good.status).toBe(200);
    expect(good.text).toContain('OK: 1 luật sư, 1 ca trực');
    expect((await system.stores.rota.loadRota()).shifts.filter((s) => s.lawyerId === 'L9')).toHaveLength(1);
    expect((await co.post('/console/rota/lawyers/L9/active', { active: '0' })).status).toBe(200);
    expect((await system.stores.rota.getLawyer('L9'))!.active).toBe(false);

    const ls = new ConsoleClient(base);
    await ls.login('ls1', PW);
    expect((await ls.get('/console/users')).status).toBe(403);
    expect((await ls.get('/console/sla')).status).toBe(403);

    const ad = new ConsoleClient(base);
    await ad.login('quantri', PW);
    await ad.get('/console/users');
    const created = await ad.post('/console/users', { username: 'ls-moi', role: 'lawyer', lawyerId: 'L2', displayName: 'LS Mới' });
    const pw = /<code>([a-z0-9-]+)<\/code>/.exec(created.text)![1]!;
    const fresh = new ConsoleClient(base);
    expect((await fresh.login('ls-moi', pw)).status).toBe(303);
    expect((await ad.get(`/console/cases/${c.id}`)).status).toBe(403);
  });
});

describe('coordinators act only on their wards', () => {
  it('refuses leave, deactivation and CSV import for another ward’s lawyers, and logs the refusal', async () => {
    const { users, rota } = system.stores;
    await users.create({ username: 'dp-badinh', password: PW, role: 'coordinator', servicePoints: ['00004'] });
    const co = new ConsoleClient(base);
    await co.login('dp-badinh', PW);
    await co.get('/console/rota');

    // L1 has shifts at 00004 (theirs); L2 only at 00008 (not theirs).
    expect((await co.post('/console/rota/exceptions', { lawyerId: 'L1', kind: 'leave', date: '2026-12-08', dateTo: '2026-12-08' })).status).toBe(200);
    const leave = await co.post('/console/rota/exceptions', { lawyerId: 'L2', kind: 'leave', date: '2026-12-08', dateTo: '2026-12-08' });
    expect(leave.status).toBe(403);
    expect((await rota.loadRota()).exceptions.some((e) => e.lawyerId === 'L2' && e.kind === 'leave' && e.date === '2026-12-08')).toBe(false);
    const extra = await co.post('/console/rota/exceptions', { lawyerId: 'L1', kind: 'extra', date: '2026-12-09', servicePoint: '00008', start: '08:00', end: '10:00' });
    expect(extra.status).toBe(403);

    expect((await co.post('/console/rota/lawyers/L2/active', { active: '0' })).status).toBe(403);
    expect((await rota.getLawyer('L2'))!.active).toBe(true);

    const phoneBefore = (await rota.getLawyer('L2'))!.phone;
    const overwrite = await co.post('/console/rota/import', { lawyersCsv: 'id,name,phone,specialties\nL2,Kẻ Mạo Danh,0900000000,DAT_DAI\n', shiftsCsv: '' });
    expect(overwrite.status).toBe(403);
    expect((await rota.getLawyer('L2'))!).toMatchObject({ name: 'Trần Thị Thử', phone: phoneBefore });
    const foreignShift = await co.post('/console/rota/import', {
      lawyersCsv: 'id,name,specialties\nL21,Luật sư Hai Mốt,DAT_DAI\n',
      shiftsCsv: 'lawyer_id,kind,service_point,weekday,start,end\nL21,weekly,00008,T3,08:00,11:30\n',
    });
    expect(foreignShift.status).toBe(403);
    expect(await rota.getLawyer('L21')).toBeUndefined();
    const own = await co.post('/console/rota/import', {
      lawyersCsv: 'id,name,specialties\nL20,Luật sư Hai Mươi,DAT_DAI\n',
      shiftsCsv: 'lawyer_id,kind,service_point,weekday,start,end\nL20,weekly,00004,T3,08:00,11:30\n',
    });
    expect(own.status).toBe(200);
    expect((await co.post('/console/rota/lawyers/L20/active', { active: '0' })).status).toBe(200);

    const denied = (await system.stores.accessLog.list({ limit: 50 })).filter((e) => e.username === 'dp-badinh' && !e.allowed).map((e) => e.action);
    expect(denied).toEqual(expect.arrayContaining(['rota_leave_denied', 'rota_extra_denied', 'lawyer_deactivate_denied', 'rota_import_denied']));
  });
});

describe('a live case stream ends with its session', () => {
  async function openStream(c: ConsoleClient, caseId: string) {
    const res = await fetch(`${base}/console/cases/${caseId}/events`, { headers: { cookie: c.cookieHeader() } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    /** Reads until the stream ends; returns everything received. */
    const untilEnd = async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += new TextDecoder().decode(value);
      }
    };
    return { untilEnd };
  }

  let caseId: string;
  beforeAll(async () => {
    const { case: c } = await openCase({ ward: '00008', urgency: 'routine', address: { ...address, conversationId: 'conv-49' } });
    caseId = c.id;
    expect(c.lawyerId).toBe('L2');
  });

  it('ends at logout', async () => {
    const ls2 = new ConsoleClient(base);
    await ls2.login('ls2', PW);
    await ls2.get('/console/');
    const s = await openStream(ls2, caseId);
    expect((await ls2.post('/console/logout')).status).toBe(303);
    expect(await s.untilEnd()).toContain('event: session');
  });

  it('ends when the account is disabled, before the next citizen message reaches it', async () => {
    const ls2 = new ConsoleClient(base);
    await ls2.login('ls2', PW);
    const s = await openStream(ls2, caseId);
    const u = (await system.stores.users.findByUsername('ls2'))!;
    await system.stores.users.setDisabled(u.id, true);
    try {
      await system.service.citizenMessage(caseId, 'Tin nhắn sau khi khoá tài khoản');
      const got = await s.untilEnd();
      expect(got).toContain('event: session');
      expect(got).not.toContain('sau khi khoá');
    } finally {
      await system.stores.users.setDisabled(u.id, false);
    }
  });

  it('ends when the session expires', async () => {
    const ls2 = new ConsoleClient(base);
    await ls2.login('ls2', PW);
    const s = await openStream(ls2, caseId);
    clock.advance(13 * 3600_000);
    try {
      await system.service.citizenMessage(caseId, 'Tin nhắn sau khi hết phiên');
      const got = await s.untilEnd();
      expect(got).not.toContain('sau khi hết phiên');
    } finally {
      clock.set(fromLocal('2026-11-30', '09:00').toISOString());
    }
  });
});

describe('malformed requests are 4xx, not 500', () => {
  it('malformed JSON, an oversized body and a malformed Origin', async () => {
    const ls1 = new ConsoleClient(base);
    await ls1.login('ls1', PW);
    await ls1.get('/console/');
    const headers = { 'content-type': 'application/json', accept: 'application/json', cookie: ls1.cookieHeader(), 'x-csrf-token': ls1.csrf };
    const bad = await fetch(`${base}/console/cases/X/reply`, { method: 'POST', headers, body: '{"text": ' });
    expect(bad.status).toBe(400);
    const big = await fetch(`${base}/console/cases/X/reply`, { method: 'POST', headers, body: JSON.stringify({ text: 'a'.repeat(40_000) }) });
    expect(big.status).toBe(413);
    const origin = await fetch(`${base}/console/cases/X/reply`, { method: 'POST', headers: { ...headers, origin: 'http://[::1' }, body: '{"text":"x"}' });
    expect(origin.status).toBe(400);
  });
});

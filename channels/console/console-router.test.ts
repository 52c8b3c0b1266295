import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, lawyer, rota, shift } from '../../bot/handoff/testing/fixtures.js';
import { silentLogger } from '../../bot/ports/index.js';
import { createConsoleRouter } from './router.js';
import { ConsoleClient } from './testing/console-client.js';
import { FakeAccessLog, FakeCaseDesk, FakeConsoleSessions, FakeConsoleUsers, FakeNotes, FakeRota, fakeCase } from './testing/fakes.js';

/**
 * The console router alone, on a real express server on port 0, with in-memory fakes of every
 * port it takes (no SQLite, no handoff service): what each page and action does with them.
 */
const PW = 'mat-khau-gia-1234';
const clock = new FakeClock(new Date('2026-11-30T02:00:00.000Z'));
const users = new FakeConsoleUsers(clock.now);
const sessions = new FakeConsoleSessions(clock.now);
const accessLog = new FakeAccessLog(clock.now);
const notes = new FakeNotes(clock.now);
const desk = new FakeCaseDesk(clock.now);
const rotaStore = new FakeRota(
  rota({
    lawyers: [lawyer('L1', { name: 'Nguyễn Văn Mẫu' }), lawyer('L2', { name: 'Trần Thị Thử' })],
    shifts: [shift('L1', '00004', 1), shift('L2', '00008', 1)],
  }),
);
const streams = new Set<Response>();
let server: http.Server;
let base: string;

beforeAll(async () => {
  await users.create({ username: 'ls1', password: PW, role: 'lawyer', lawyerId: 'L1', displayName: 'LS Mẫu' });
  await users.create({ username: 'ls2', password: PW, role: 'lawyer', lawyerId: 'L2' });
  await users.create({ username: 'ls3', password: PW, role: 'lawyer', lawyerId: 'L2' });
  await users.create({ username: 'dieuphoi', password: PW, role: 'coordinator' });
  await users.create({ username: 'quantri', password: PW, role: 'admin' });
  desk.put(fakeCase('HN-1', { status: 'offered', lawyerId: 'L1', ward: '00004' }));
  desk.put(fakeCase('HN-2', { status: 'offered', lawyerId: 'L2', ward: '00008' }));
  const app = express();
  app.use(
    '/console',
    createConsoleRouter({
      service: desk,
      rota: rotaStore,
      users,
      sessions,
      accessLog,
      notes,
      caseDetail: async (id) => (id === 'HN-1' ? { summary: 'Tranh chấp ranh giới đất với hàng xóm.' } : undefined),
      now: clock.now,
      logger: silentLogger,
      streams,
      channelStatus: () => [],
      loginLimits: { perIp: { capacity: 100, refillPerSecond: 1 }, perAccount: { capacity: 3, refillPerSecond: 1 / 3600 } },
      streamSessionCheckMs: 60_000,
    }),
  );
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of streams) res.end();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function loggedIn(username: string): Promise<ConsoleClient> {
  const c = new ConsoleClient(base);
  const res = await c.login(username, PW);
  expect(res.status).toBe(303);
  return c;
}

/** Opens a case's event stream; `until` reads it until the text matches (or fails after 3 s). */
async function openStream(c: ConsoleClient, caseId: string) {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/console/cases/${caseId}/events`, { headers: { cookie: c.cookieHeader() }, signal: ctrl.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const until = async (re: RegExp): Promise<string> => {
    const deadline = Date.now() + 3000;
    while (!re.test(text)) {
      if (Date.now() > deadline) throw new Error(`stream never matched ${re}: ${text}`);
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    if (!re.test(text)) throw new Error(`stream ended before ${re}: ${text}`);
    return text;
  };
  return { status: res.status, until, close: () => ctrl.abort() };
}

describe('login', () => {
  it('lets the right password in with an HttpOnly, SameSite=Strict session cookie and refuses a wrong one', async () => {
    const c = new ConsoleClient(base);
    await c.get('/console/login');
    const wrong = await c.post('/console/login', { username: 'ls1', password: 'sai-mat-khau-123' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    const ok = await c.post('/console/login', { username: 'ls1', password: PW });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console/');
    const cookie = c.lastSetCookie.find((s) => s.startsWith('tthc_console='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
  });

  it('refuses a login form without its double-submit token', async () => {
    const c = new ConsoleClient(base);
    const res = await c.request('POST', '/console/login', { form: { username: 'ls1', password: PW, _csrf: 'doan-bua' } });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Phiên đăng nhập đã hết hạn');
  });

  it('throttles a username after its burst, before checking the password, and logs it', async () => {
    const c = new ConsoleClient(base);
    await c.get('/console/login');
    for (let i = 0; i < 3; i++) expect((await c.post('/console/login', { username: 'ls3', password: `sai-${i}-mat-khau` })).status).toBe(401);
    // Even the right password waits: the check never runs while the name is throttled.
    const res = await c.post('/console/login', { username: 'ls3', password: PW });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.text).toContain('đăng nhập quá nhiều lần');
    expect(accessLog.entries.filter((e) => e.username === 'ls3').map((e) => e.action)).toEqual(['login_invalid', 'login_invalid', 'login_invalid', 'login_throttled']);
  });

  it('sends a visitor without a session to the login page, and an API call gets 401', async () => {
    const page = await fetch(`${base}/console/`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/console/login');
    const api = await fetch(`${base}/console/`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('unauthorized:console_session');
  });
});

describe('cases', () => {
  it('lists only the lawyer\'s own cases and opens one with its detail', async () => {
    const c = await loggedIn('ls1');
    const queue = await c.get('/console/');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('data-testid="case-HN-1"');
    expect(queue.text).not.toContain('HN-2');
    const json = await c.get('/console/', { accept: 'application/json' });
    expect((JSON.parse(json.text) as { cases: Array<{ caseId: string }> }).cases.map((x) => x.caseId)).toEqual(['HN-1']);
    const page = await c.get('/console/cases/HN-1');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<span data-testid="case-id">HN-1</span>');
    expect(page.text).toContain('Tranh chấp ranh giới đất với hàng xóm.');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(accessLog.entries.at(-1)).toMatchObject({ username: 'ls1', caseId: 'HN-1', action: 'view', allowed: true });
  });

  it('answers 403 for another lawyer\'s case and logs the attempt', async () => {
    const c = await loggedIn('ls1');
    const res = await c.get('/console/cases/HN-2');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Anh/chị không có quyền xem hoặc thao tác hồ sơ này.');
    expect(accessLog.entries.at(-1)).toMatchObject({ username: 'ls1', caseId: 'HN-2', action: 'view_denied', allowed: false });
  });

  it('accepts only with the session\'s CSRF token, then replies; the reply reaches the live stream and the transcript', async () => {
    const c = await loggedIn('ls1');
    await c.get('/console/cases/HN-1');
    const forged = await c.request('POST', '/console/cases/HN-1/accept', { form: { _csrf: 'gia-mao' } });
    expect(forged.status).toBe(403);
    expect(desk.cases.get('HN-1')!.status).toBe('offered');
    const accepted = await c.post('/console/cases/HN-1/accept');
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/console/cases/HN-1');
    expect(desk.cases.get('HN-1')).toMatchObject({ status: 'live', lawyerId: 'L1' });

    const stream = await openStream(c, 'HN-1');
    expect(stream.status).toBe(200);
    await stream.until(/retry: 3000/);
    const reply = await c.post('/console/cases/HN-1/reply', { text: 'Chào anh, tôi là luật sư phụ trách hồ sơ.' });
    expect(reply.status).toBe(303);
    await stream.until(/event: transcript\ndata: .*tôi là luật sư phụ trách hồ sơ/);
    stream.close();
    const transcript = JSON.parse((await c.get('/console/cases/HN-1/transcript.json')).text) as { transcript: Array<{ from: string; text: string }> };
    expect(transcript.transcript).toEqual([expect.objectContaining({ from: 'lawyer', text: 'Chào anh, tôi là luật sư phụ trách hồ sơ.' })]);

    const note = await c.post('/console/cases/HN-1/notes', { text: 'Hẹn gọi lại chiều thứ Ba.' });
    expect(note.status).toBe(303);
    expect(await notes.list('HN-1')).toEqual([expect.objectContaining({ authorName: 'LS Mẫu', text: 'Hẹn gọi lại chiều thứ Ba.' })]);
  });

  it('shows a conflict as a page the lawyer can act on (a case not offered to them any more)', async () => {
    const c = await loggedIn('ls2');
    await c.get('/console/cases/HN-2');
    expect((await c.post('/console/cases/HN-2/decline', { reason: 'Bận xét xử' })).status).toBe(303);
    desk.put(fakeCase('HN-3', { status: 'live', lawyerId: 'L2', ward: '00008' }));
    const res = await c.post('/console/cases/HN-3/accept');
    expect(res.status).toBe(409);
    expect(res.text).toContain('Hồ sơ vừa thay đổi trạng thái');
  });

  it('ends the session\'s live streams at logout', async () => {
    const c = await loggedIn('ls1');
    await c.get('/console/');
    const stream = await openStream(c, 'HN-1');
    await stream.until(/retry: 3000/);
    const out = await c.post('/console/logout');
    expect(out.status).toBe(303);
    await stream.until(/event: session\ndata: \{"ended":"logged_out"\}/);
    expect((await c.get('/console/cases/HN-1', { accept: 'application/json' })).status).toBe(401);
  });
});

describe('coordinator pages', () => {
  it('shows the SLA board to a coordinator only, and runs the scheduler from it', async () => {
    const lawyerClient = await loggedIn('ls1');
    expect((await lawyerClient.get('/console/sla')).status).toBe(403);
    const c = await loggedIn('dieuphoi');
    const sla = await c.get('/console/sla');
    expect(sla.status).toBe(200);
    expect(sla.text).toContain('HN-1');
    expect(sla.text).toContain('HN-2');
    const before = desk.ticks;
    const tick = await c.request('POST', '/console/sla/tick', { json: {}, headers: { 'x-csrf-token': c.csrf } });
    expect(tick.status).toBe(200);
    expect(JSON.parse(tick.text)).toMatchObject({ expiredOffers: 0 });
    expect(desk.ticks).toBe(before + 1);
  });

  it('shows the week\'s rota and pauses a lawyer, logging the change', async () => {
    const c = await loggedIn('dieuphoi');
    const page = await c.get('/console/rota');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nguyễn Văn Mẫu');
    const paused = await c.post('/console/rota/lawyers/L2/active', { active: '0' });
    expect(paused.status).toBe(200);
    expect(paused.text).toContain('Đã tạm ngừng nhận hồ sơ của luật sư.');
    expect(rotaStore.rota.lawyers.find((l) => l.id === 'L2')!.active).toBe(false);
    expect(accessLog.entries.at(-1)).toMatchObject({ username: 'dieuphoi', action: 'lawyer_deactivate', detail: 'L2', allowed: true });
    const unknown = await c.post('/console/rota/lawyers/L9/active', { active: '1' });
    expect(unknown.status).toBe(404);
  });
});

describe('user administration', () => {
  it('creates an account with a one-time password that logs in, and refuses a lawyer not on the rota', async () => {
    const c = new ConsoleClient(base);
    const login = await c.login('quantri', PW);
    expect(login.headers.get('location')).toBe('/console/users');
    await c.get('/console/users');
    const bad = await c.post('/console/users', { username: 'ls-khong-co', role: 'lawyer', lawyerId: 'L9' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Mã luật sư không có trong lịch trực.');
    const created = await c.post('/console/users', { username: 'ls-moi', role: 'lawyer', lawyerId: 'L1', displayName: 'Luật sư Mới' });
    expect(created.status).toBe(200);
    const password = /Mật khẩu dùng một lần: <code>([^<]+)<\/code>/.exec(created.text)?.[1];
    expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    expect((await users.list()).find((u) => u.username === 'ls-moi')).toMatchObject({ role: 'lawyer', lawyerId: 'L1' });
    expect(accessLog.entries.at(-1)).toMatchObject({ username: 'quantri', action: 'user_create', detail: 'ls-moi' });
    const fresh = new ConsoleClient(base);
    expect((await fresh.login('ls-moi', password!)).status).toBe(303);
  });

  it('keeps an administrator out of case pages', async () => {
    const c = await loggedIn('quantri');
    const res = await c.get('/console/cases/HN-1');
    expect(res.status).toBe(403);
    expect(accessLog.entries.at(-1)).toMatchObject({ username: 'quantri', action: 'view_denied' });
  });
});

describe('error pages', () => {
  it('answers an unknown case with 404 in Vietnamese, a malformed JSON body with 400 JSON, a bad form with 400', async () => {
    const c = await loggedIn('dieuphoi');
    const missing = await c.get('/console/cases/HN-404');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Không tìm thấy hồ sơ.');
    const malformed = await fetch(`${base}/console/sla/tick`, {
      method: 'POST',
      headers: { cookie: c.cookieHeader(), 'content-type': 'application/json', accept: 'application/json' },
      body: '{"khong-hop-le',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('bad_request:console_body');
    await c.get('/console/rota');
    const badLeave = await c.post('/console/rota/exceptions', { lawyerId: 'L1', kind: 'leave', date: '30/11/2026' });
    expect(badLeave.status).toBe(400);
    expect(badLeave.text).toContain('Dữ liệu chưa hợp lệ');
  });
});

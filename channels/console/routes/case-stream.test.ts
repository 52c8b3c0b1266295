import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegalAid, legalAidBox, type LegalAid } from '../../../app/legal-aid.js';
import { fromLocal } from '../../../bot/handoff/index.js';
import { FakeClock, lawyer, newCase, point, shift } from '../../../bot/handoff/testing/fixtures.js';
import { silentLogger, type EventBus, type EventHandler, type SubscribeOptions } from '../../../bot/ports/index.js';
import { createSealedBox } from '../../../storage/crypto.js';
import { MemoryEventBus } from '../../../storage/events-memory.js';
import { openDatabase, type Db } from '../../../storage/sqlite.js';
import type { LawyerConsole } from '../index.js';
import { ConsoleClient } from '../testing/console-client.js';

/**
 * A case stream following other processes' changes: two legal-aid services over one store
 * (two processes), announcing on one bus. The console is served by A; B's changes reach it
 * only through the bus (or a gap's re-read), A's own ones directly and once.
 */

/** The in-process bus, plus a way to tell subscribers events may have been lost (a reconnect). */
class GapBus implements EventBus {
  private readonly inner = new MemoryEventBus();
  private readonly gaps: Array<() => void> = [];
  subscriptions = 0;
  publish = (topic: string, payload: Parameters<EventBus['publish']>[1]) => this.inner.publish(topic, payload);
  async subscribe(topic: string, handler: EventHandler, options?: SubscribeOptions): Promise<() => void> {
    this.subscriptions++;
    if (options?.onGap) this.gaps.push(options.onGap);
    return this.inner.subscribe(topic, handler);
  }
  gap(): void {
    for (const g of this.gaps) g();
  }
  close = () => this.inner.close();
}

const PW = 'mat-khau-thu-nghiem-1';
const clock = new FakeClock(fromLocal('2026-11-30', '09:00'));
const address = { channelId: 'directline', conversationId: 'conv-7', userId: 'citizen-7', reference: {} };
let dir: string;
let db: Db;
let bus: GapBus;
let aidA: LegalAid;
let aidB: LegalAid;
let desk: LawyerConsole;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-stream-'));
  db = openDatabase(path.join(dir, 'tthc.sqlite'));
  bus = new GapBus();
  const box = legalAidBox(createSealedBox(randomBytes(32)));
  const aid = (instance: string) =>
    createLegalAid({ db, box, now: clock.now, newId: () => `${instance}-${globalThis.crypto.randomUUID()}`, logger: silentLogger, senders: () => undefined, tickIntervalMs: 0, events: bus });
  aidA = await aid('A');
  aidB = await aid('B');
  expect(aidA.service.instanceId).not.toBe(aidB.service.instanceId);
  desk = aidA.console({ channelStatus: () => [] });
  await aidA.rota.upsertServicePoints([point('00004', ['00008'])]);
  await aidA.rota.importRota({ lawyers: [lawyer('L1'), lawyer('L2')], schedule: { shifts: [shift('L1', '00004', 1), shift('L2', '00004', 1)], exceptions: [] } });
  await desk.users.create({ username: 'ls1', password: PW, role: 'lawyer', lawyerId: 'L1' });
  await desk.users.create({ username: 'ls2', password: PW, role: 'lawyer', lawyerId: 'L2' });
  const app = express();
  app.use('/console', desk.router!);
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const w of desk.workers ?? []) await w.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await bus.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens the case stream as the lawyer holding it (`ls1` for L1, `ls2` for L2); `text()` is everything received so far. */
async function openStream(caseId: string, lawyerId: string) {
  const c = new ConsoleClient(base);
  await c.login(lawyerId === 'L1' ? 'ls1' : 'ls2', PW);
  const ctrl = new AbortController();
  const res = await fetch(`${base}/console/cases/${encodeURIComponent(caseId)}/events`, { headers: { cookie: c.cookieHeader() }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  let got = '';
  const reader = res.body!.getReader();
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      got += new TextDecoder().decode(value);
    }
  })().catch(() => undefined);
  return {
    text: () => got,
    until: async (what: string) => {
      const start = Date.now();
      while (!got.includes(what)) {
        if (Date.now() - start > 3000) throw new Error(`stream never showed "${what}"; got: ${got}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      ctrl.abort();
      await pump;
    },
  };
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('a case stream follows other processes', () => {
  it("shows B's citizen message and case change once, and A's own message once (its own announcement is skipped)", async () => {
    const { case: c } = await aidA.service.openCase(newCase({ servicePoint: '00004', urgency: 'routine', address }));
    await aidA.service.accept(c.id, c.lawyerId!);
    const s = await openStream(c.id, c.lawyerId!);
    try {
      await aidB.service.citizenMessage(c.id, 'Tin nhắn đến process B');
      await s.until('Tin nhắn đến process B');
      await aidA.service.citizenMessage(c.id, 'Tin nhắn đến process A');
      await s.until('Tin nhắn đến process A');
      await aidB.service.close(c.id, 'advised', { lawyerId: c.lawyerId! });
      await s.until('"status":"closed"');
      await settle();
      expect(count(s.text(), 'Tin nhắn đến process B')).toBe(1);
      expect(count(s.text(), 'Tin nhắn đến process A')).toBe(1);
      // One subscription for the whole process, however many streams open.
      expect(bus.subscriptions).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('after a gap re-reads the store and sends only what the client lacks', async () => {
    const { case: c } = await aidA.service.openCase(newCase({ servicePoint: '00004', urgency: 'routine', address: { ...address, conversationId: 'conv-8' } }));
    await aidA.service.accept(c.id, c.lawyerId!);
    await aidA.service.citizenMessage(c.id, 'Đã có trước khi mở trang');
    const s = await openStream(c.id, c.lawyerId!);
    try {
      // Stored by B while the bus was down: no announcement reaches A.
      await aidB.transcript.append({ id: 'lost-1', caseId: c.id, at: clock.now().toISOString(), from: 'citizen', text: 'Tin bị lỡ khi mất kết nối' });
      await settle();
      expect(s.text()).not.toContain('Tin bị lỡ');
      bus.gap();
      await s.until('Tin bị lỡ khi mất kết nối');
      bus.gap();
      await settle();
      expect(count(s.text(), 'Tin bị lỡ khi mất kết nối')).toBe(1);
      // What the page already showed is not sent again.
      expect(s.text()).not.toContain('Đã có trước khi mở trang');
    } finally {
      await s.close();
    }
  });

  it("ends the stream when B hands the case to another lawyer", async () => {
    const { case: c } = await aidA.service.openCase(newCase({ servicePoint: '00004', urgency: 'routine', address: { ...address, conversationId: 'conv-9' } }));
    await aidA.service.accept(c.id, c.lawyerId!);
    const s = await openStream(c.id, c.lawyerId!);
    try {
      await aidB.service.reassign(c.id, c.lawyerId === 'L1' ? 'L2' : 'L1');
      await s.until('"revoked":true');
    } finally {
      await s.close();
    }
  });
});

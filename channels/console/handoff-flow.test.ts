/**
 * End to end: a citizen on Direct Line (the real assistant with triage and the handoff skill,
 * the real server on port 0, real SQLite) describes a land dispute, consents and gets a case
 * id; a lawyer logs into the console over HTTP, accepts and replies; the citizen receives the
 * reply proactively; the lawyer closes; the citizen is back with the bot. Another lawyer gets
 * 403, and the attempt is logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAGE_BUTTONS } from '../../bot/triage/index.js';
import type { LegalAid } from '../../app/legal-aid.js';
import { ConsoleClient } from './testing/console-client.js';
import { HANDOFF_PASSWORD as PW, HANDOFF_SECRET as SECRET, startHandoffApp, type HandoffApp } from '../../test/handoff-app.js';

let app: HandoffApp;
let legalAid: LegalAid;
let url: string;
let baDinh: string;

interface DlActivity {
  type: string;
  from: { role?: string };
  text?: string;
  suggestedActions?: { actions: Array<{ value: string }> };
}

/** A Direct Line client over plain REST polling, as a minimal web page would do. */
class Citizen {
  private watermark = '';
  conversationId = '';
  readonly received: DlActivity[] = [];
  async start() {
    const r = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${SECRET}` } });
    this.conversationId = ((await r.json()) as { conversationId: string }).conversationId;
  }
  async poll(): Promise<DlActivity[]> {
    const r = await fetch(`${url}/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`, {
      headers: { Authorization: `Bearer ${SECRET}` },
    });
    const body = (await r.json()) as { activities: DlActivity[]; watermark: string };
    this.watermark = body.watermark;
    const bot = body.activities.filter((a) => a.type === 'message' && a.from.role === 'bot');
    this.received.push(...bot);
    return bot;
  }
  async say(text: string) {
    await fetch(`${url}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'citizen-1' }, text, locale: 'vi-VN' }),
    });
  }
  /** Waits until a bot message matching `re` arrives; returns it. */
  async waitFor(re: RegExp, timeoutMs = 10_000): Promise<DlActivity> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.poll();
      const hit = this.received.find((a) => re.test(a.text ?? ''));
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no bot message matching ${re}; got:\n${this.received.map((a) => a.text).join('\n---\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  texts(): string[] {
    return this.received.map((a) => a.text ?? '');
  }
}

beforeAll(async () => {
  app = await startHandoffApp();
  ({ legalAid, url, baDinh } = app);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('citizen ↔ lawyer handoff over Direct Line and the console', () => {
  it('runs the whole flow', async () => {
    const citizen = new Citizen();
    await citizen.start();
    await citizen.say('Nhà hàng xóm xây tường lấn sang đất nhà tôi gần một mét, tôi nói thì họ không chịu dỡ, giờ tôi phải làm sao?');
    await citizen.waitFor(/luật sư/i);

    // Walk the intake by the buttons the bot offers, until the case id arrives.
    const prefer = [TRIAGE_BUTTONS.wantLawyer, TRIAGE_BUTTONS.agree, TRIAGE_BUTTONS.noGroup, TRIAGE_BUTTONS.morning, TRIAGE_BUTTONS.send];
    let caseId: string | undefined;
    for (let step = 0; step < 10 && !caseId; step++) {
      const last = citizen.received.at(-1)!;
      const values = last.suggestedActions?.actions.map((a) => a.value) ?? [];
      const choice = prefer.find((p) => values.includes(p)) ?? values[0];
      expect(choice, `no button to continue after: ${last.text}`).toBeDefined();
      const before = citizen.received.length;
      await citizen.say(choice!);
      const until = Date.now() + 10_000;
      while (citizen.received.length === before && Date.now() < until) {
        await citizen.poll();
        await new Promise((r) => setTimeout(r, 50));
      }
      caseId = /HN-[A-Z0-9]+-TV-\d{4}-\d{4}/.exec(citizen.texts().join('\n'))?.[0];
    }
    expect(caseId).toBeDefined();
    await citizen.waitFor(/luật sư tình nguyện/);
    const routed = await legalAid.service.getCase(caseId!);
    expect(routed).toMatchObject({ status: 'offered', lawyerId: 'L1', ward: baDinh, legalArea: 'DAT_DAI', announced: true });

    // The lawyer logs in, sees and accepts the case.
    const ls1 = new ConsoleClient(url);
    expect((await ls1.login('ls1', PW)).status).toBe(303);
    expect((await ls1.get('/console/')).text).toContain(caseId);
    const page = await ls1.get(`/console/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('lấn');
    expect((await ls1.post(`/console/cases/${caseId}/accept`)).status).toBe(303);
    await citizen.waitFor(/Luật sư Nguyễn Văn Mẫu đã nhận hồ sơ/);

    // Another lawyer cannot open it.
    const ls2 = new ConsoleClient(url);
    await ls2.login('ls2', PW);
    expect((await ls2.get(`/console/cases/${caseId}`)).status).toBe(403);
    expect((await app.accessLog.list({ caseId, deniedOnly: true })).map((e) => e.username)).toEqual(['ls2']);

    // The citizen's message goes to the lawyer; the bot stays quiet.
    const countBefore = citizen.received.length;
    await citizen.say('Nhà tôi có sổ đỏ từ năm 2005, ranh giới ghi rõ ạ');
    const until = Date.now() + 10_000;
    let relayed = false;
    while (!relayed && Date.now() < until) {
      const t = JSON.parse((await ls1.get(`/console/cases/${caseId}/transcript.json`, { accept: 'application/json' })).text) as {
        transcript: Array<{ from: string; text: string }>;
      };
      relayed = t.transcript.some((e) => e.from === 'citizen' && e.text.includes('sổ đỏ từ năm 2005'));
      if (!relayed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(relayed).toBe(true);
    // Encrypted at rest: the live transcript and the case summary are not readable in the file.
    const raw = JSON.stringify([app.db.prepare('SELECT * FROM console_transcript').all(), app.db.prepare('SELECT summary_enc FROM cases').all()]);
    expect(raw).not.toContain('2005');
    expect(raw).not.toContain('lấn');
    await citizen.poll();
    expect(citizen.received.length).toBe(countBefore);

    // The lawyer's reply reaches the citizen through Direct Line.
    await ls1.get(`/console/cases/${caseId}`);
    const reply = await ls1.request('POST', `/console/cases/${caseId}/reply`, {
      json: { text: 'Anh/chị mang sổ đỏ và ảnh bức tường đến UBND phường để yêu cầu hoà giải nhé.' },
      headers: { 'x-csrf-token': ls1.csrf },
    });
    expect(reply.status).toBe(200);
    await citizen.waitFor(/Luật sư Nguyễn Văn Mẫu:.*hoà giải/s);

    // Closing returns the citizen to the bot.
    expect((await ls1.post(`/console/cases/${caseId}/close`, { outcome: 'advised' })).status).toBe(303);
    await citizen.waitFor(/kết thúc buổi tư vấn/);
    expect((await app.assistant.db.prepare('SELECT status, outcome FROM cases WHERE id = ?').get(caseId))).toEqual({ status: 'closed', outcome: 'advised' });
    const n = citizen.received.length;
    await citizen.say('xin chào');
    const back = Date.now() + 10_000;
    while (citizen.received.length === n && Date.now() < back) {
      await citizen.poll();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(citizen.received.length).toBeGreaterThan(n);
    const transcript = await legalAid.service.transcript(caseId!);
    expect(transcript.some((e) => e.text === 'xin chào')).toBe(false);
  }, 60_000);
});

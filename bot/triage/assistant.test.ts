import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureAssistant } from '../../test/harness.js';
import { openDatabase, type Db } from '../../storage/sqlite.js';
import type { SqliteCaseStore } from '../../storage/case-store.js';
import { testLegalAid } from '../../test/legal-aid.js';
import { createTriageSkill, TRIAGE_BUTTONS } from './index.js';

/** Whole conversations through bot-core's assistant and test adapter, real SQLite in a temp dir. */
describe('triage inside the assistant', () => {
  let dataDir: string;
  let db: Db;
  let store: SqliteCaseStore;
  let a: Awaited<ReturnType<typeof createFixtureAssistant>>;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-bot-'));
    db = openDatabase(path.join(dataDir, 'tthc.sqlite'));
    const aid = testLegalAid(db, () => new Date());
    store = aid.cases;
    const triage = await createTriageSkill({ cases: aid.service, defaultServicePoint: 'Phường Hoàn Kiếm' });
    a = await createFixtureAssistant({ dataDir, extraSkills: { triage: [triage] } });
  });
  afterEach(async () => {
    await a.cleanup();
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('urgent: emergency numbers come first, nothing is asked or stored', async () => {
    const chat = a.createTestAdapter();
    const r = await chat.send('chong em dang danh em, con doa giet ca nha, em dang tron o nha hang xom');
    expect(r.result?.outcome.behavior).toBe('urgent');
    expect(r.texts[0]).toMatch(/113/);
    expect(r.texts[0]).not.toMatch(/đồng ý/);
    expect(r.suggestedActions).toContain(TRIAGE_BUTTONS.wantLawyer);
    expect(await store.list()).toHaveLength(0);
  });

  it('dispute with consent: a case is opened and the citizen gets its id', async () => {
    const chat = a.createTestAdapter({ servicePoint: 'Phường Ba Đình' });
    const first = await chat.send('Hàng xóm xây tường lấn sang đất nhà tôi nửa mét, hòa giải ở tổ dân phố không thành.');
    expect(first.result?.outcome).toMatchObject({ behavior: 'escalate', legalArea: 'DAT_DAI' });
    await chat.send(TRIAGE_BUTTONS.wantLawyer);
    await chat.send(TRIAGE_BUTTONS.agree);
    await chat.send(TRIAGE_BUTTONS.noGroup);
    await chat.send(TRIAGE_BUTTONS.anytime);
    const done = await chat.send(TRIAGE_BUTTONS.send);
    const [c] = await store.list();
    expect(c).toBeDefined();
    expect(done.text).toContain(c!.id);
    expect(c!.id).toMatch(/^HN-BADINH-TV-\d{4}-\d{4}$/);
    expect(c!.address).toMatchObject({ channelId: 'test', conversationId: chat.conversationId, userId: chat.userId });
    expect(c!.area).toBe('DAT_DAI');
  });

  it('dispute without consent: nothing stored, contacts given', async () => {
    const chat = a.createTestAdapter();
    await chat.send('Công ty nợ lương tôi 3 tháng rồi đuổi việc không báo trước');
    await chat.send(TRIAGE_BUTTONS.wantLawyer);
    const r = await chat.send(TRIAGE_BUTTONS.disagree);
    expect(r.text).toMatch(/không lưu/);
    expect(r.text).toMatch(/Trợ giúp pháp lý/);
    expect(await store.list()).toHaveLength(0);
  });

  it('near miss: a procedure question is answered by procedure Q&A', async () => {
    const chat = a.createTestAdapter();
    const r = await chat.send('lam giay khai sinh cho con can gi');
    expect(r.result?.outcome).toMatchObject({ behavior: 'answer', procedureCode: '1.001193', legalArea: 'HO_TICH' });
    expect(r.text).not.toMatch(/luật sư tình nguyện/);
  });

  it('the "Hỏi luật sư" button after an answer goes straight to consent', async () => {
    const chat = a.createTestAdapter();
    await chat.send('lam giay khai sinh cho con can gi');
    const r = await chat.send('Hỏi luật sư');
    expect(r.result?.outcome.behavior).toBe('escalate');
    expect(r.text).toMatch(/Ai xem/);
  });
});

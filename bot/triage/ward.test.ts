import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdminUnits } from '../../knowledge/index.js';
import { loadTriageKnowledge, type TriageKnowledge } from '../../knowledge/triage/index.js';
import { testLegalAid } from '../../test/legal-aid.js';
import { openDatabase, type Db } from '../../storage/sqlite.js';
import { DEFAULT_CAPABILITIES, type ConversationData, type Turn } from '../types.js';
import { createTriageSkill, createWardDirectory, TRIAGE_BUTTONS, WARD_UNKNOWN, type WardDirectory } from './index.js';

/** The ward question before a case is opened (issue 14): current and pre-2025 names of Hà Nội's units. */
describe('ward of the citizen before a lawyer case', () => {
  let wards: WardDirectory;
  let knowledge: TriageKnowledge;
  let dir: string;
  let db: Db;
  const now = new Date('2026-11-26T09:00:00Z');

  beforeAll(async () => {
    wards = createWardDirectory(await loadAdminUnits());
    knowledge = await loadTriageKnowledge();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-ward-'));
    db = openDatabase(path.join(dir, 'tthc.sqlite'));
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['Phường Hồng Hà', ['Phường Hồng Hà'], undefined],
    ['phuong hong ha', ['Phường Hồng Hà'], undefined],
    ['Dạ tôi ở phường Phúc Xá, quận Ba Đình ạ', ['Phường Hồng Hà'], 'Phường Phúc Xá'],
    ['truc bach', ['Phường Ba Đình'], 'Phường Trúc Bạch'],
    ['xã Sóc Sơn', ['Xã Sóc Sơn'], undefined],
    ['p. Kim Liên', ['Phường Kim Liên'], undefined],
    ['Láng Hạ', ['Phường Giảng Võ', 'Phường Đống Đa', 'Phường Láng'], 'Phường Láng Hạ'],
    ['quận Hoàn Kiếm', [], undefined],
    ['không biết', [], undefined],
  ])('"%s" names %j', (text, names, former) => {
    const m = wards.resolve(text);
    expect(m.wards.map((w) => w.name).sort()).toEqual([...names].sort());
    expect(m.formerName).toBe(former);
  });

  let walks = 0;
  async function walk(replies: (buttons: string[], text: string) => string | undefined) {
    // A database per conversation: each walk opens at most one case.
    const own = openDatabase(path.join(dir, `walk-${++walks}.sqlite`));
    const { service, cases: store } = testLegalAid(own, () => now);
    const skill = await createTriageSkill({ cases: service, knowledge, wards });
    const conversation: ConversationData = {};
    const say = async (text: string) => {
      const turn: Turn = {
        text, rawText: text, conversationId: `c-${Math.random()}`, userId: 'u', channelId: 'test',
        capabilities: DEFAULT_CAPABILITIES, now, conversation, user: {},
      };
      const r = await skill.handle(turn, async () => ({ messages: [{ text: 'Thủ tục.' }], outcome: { behavior: 'answer', procedures: [] } }));
      return { text: r.messages.map((m) => m.text).join('\n\n'), buttons: r.messages.flatMap((m) => m.suggestedActions ?? []).map((a) => a.value) };
    };
    let r = await say('Hàng xóm xây tường lấn sang đất nhà tôi nửa mét, hòa giải ở tổ dân phố không thành.');
    const seen: string[] = [r.text];
    for (let i = 0; i < 12; i++) {
      const next = replies(r.buttons, r.text);
      if (!next) break;
      r = await say(next);
      seen.push(r.text);
      if (/HN-[A-Z0-9]+-TV-\d{4}-\d{4}/.test(r.text)) break;
    }
    const cases = await store.list();
    own.close();
    return { seen, cases };
  }

  const intake = (ward: (text: string) => string) => (buttons: string[], text: string) => {
    if (/phường\/xã nào|trong các nơi dưới đây|chưa tìm thấy phường/.test(text)) return ward(text);
    const prefer = [TRIAGE_BUTTONS.wantLawyer, TRIAGE_BUTTONS.agree, TRIAGE_BUTTONS.noGroup, TRIAGE_BUTTONS.morning, TRIAGE_BUTTONS.send];
    return prefer.find((p) => buttons.includes(p));
  };

  it('asks the ward after the contact time and routes the case by an old name', async () => {
    const { seen, cases } = await walk(intake(() => 'tôi ở phường Phúc Xá'));
    expect(seen.some((t) => /phường\/xã nào/.test(t))).toBe(true);
    expect(seen.join('\n')).toContain('Phường Phúc Xá (cũ) nay là **Phường Hồng Hà**');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.servicePoint).toBe('Phường Hồng Hà');
  });

  it('offers the wards an old ward was split into, and routes by the one chosen', async () => {
    const { seen, cases } = await walk(intake((text) => (/trong các nơi dưới đây/.test(text) ? 'Phường Láng' : 'Láng Hạ')));
    expect(seen.some((t) => /Phường Láng Hạ \(cũ\) nay thuộc nhiều phường/.test(t))).toBe(true);
    expect(cases[0]!.servicePoint).toBe('Phường Láng');
  });

  it('goes to the general pool when the citizen does not know, or names nothing it finds twice', async () => {
    const unknown = await walk(intake(() => WARD_UNKNOWN));
    expect(unknown.cases[0]!.servicePoint).toBe('Chung');
    const nowhere = await walk(intake(() => 'ở gần chợ'));
    expect(nowhere.seen.filter((t) => /chưa tìm thấy phường/.test(t))).toHaveLength(1);
    expect(nowhere.cases[0]!.servicePoint).toBe('Chung');
  });

  it('does not ask when the deployment names the ward', async () => {
    const { service, cases: store } = testLegalAid(db, () => now);
    const skill = await createTriageSkill({ cases: service, knowledge, defaultServicePoint: 'Phường Hoàn Kiếm' });
    expect((skill as unknown as { deps: { wards?: unknown } }).deps.wards).toBeUndefined();
  });
});

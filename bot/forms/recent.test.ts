import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadForms, type FormRegistry } from '../../knowledge/index.js';
import { createSealedBox, openDatabase, SqliteProfileStore, type Db } from '../../storage/index.js';
import { createFixtureAssistant, type TestAdapter } from '../../test/harness.js';
import { DEFAULT_CAPABILITIES, type Turn } from '../types.js';
import { silentLogger, type FormConversation, type FormProgress, type FormProgressSink } from '../ports/index.js';
import { createFormSkills, createRecentMessages, RECENT_LIMIT } from './index.js';

const box = createSealedBox(Buffer.alloc(32, 7));
const t0 = new Date('2026-11-26T03:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

function turnAt(text: string, now: Date, conversation: Record<string, unknown> = {}, conversationId = 'c1'): Turn {
  return {
    text,
    rawText: text,
    value: undefined,
    conversationId,
    userId: 'u1',
    channelId: 'test',
    capabilities: DEFAULT_CAPABILITIES,
    now,
    conversation: conversation as Turn['conversation'],
    user: {},
  } as Turn;
}

describe('the recent-messages buffer', () => {
  const recent = createRecentMessages(box, silentLogger);

  it('keeps only messages with details, at most the last six', () => {
    const state = {};
    recent.remember(turnAt('cho em hỏi thủ tục này mất bao lâu', t0, state));
    for (let i = 1; i <= RECENT_LIMIT + 1; i++) recent.remember(turnAt(`em sinh ngày ${i}/3/1990`, minutes(i), state));
    const kept = recent.read(turnAt('x', minutes(8), state));
    expect(kept).toHaveLength(RECENT_LIMIT);
    expect(kept[0]).toBe('em sinh ngày 2/3/1990');
    expect(kept.at(-1)).toBe(`em sinh ngày ${RECENT_LIMIT + 1}/3/1990`);
  });

  it('forgets messages older than 30 minutes, and drops them from state', () => {
    const state: Record<string, unknown> = {};
    recent.remember(turnAt('tôi là Nguyễn Văn Lộc', t0, state));
    recent.remember(turnAt('sinh ngày 1/2/1956', minutes(20), state));
    expect(recent.read(turnAt('x', minutes(30), state))).toEqual(['tôi là Nguyễn Văn Lộc', 'sinh ngày 1/2/1956']);
    expect(recent.read(turnAt('x', minutes(31), state))).toEqual(['sinh ngày 1/2/1956']);
    expect(recent.read(turnAt('x', minutes(51), state))).toEqual([]);
    expect(state.formRecent).toBeUndefined();
  });

  it('keeps nothing while a form is open, and clear forgets all', () => {
    const state: Record<string, unknown> = { form: { sealed: 'x' } };
    recent.remember(turnAt('tôi là Nguyễn Văn Lộc', t0, state));
    expect(state.formRecent).toBeUndefined();
    delete state.form;
    recent.remember(turnAt('tôi là Nguyễn Văn Lộc', t0, state));
    expect(recent.read(turnAt('x', t0, state))).toHaveLength(1);
    recent.clear(turnAt('x', t0, state));
    expect(state.formRecent).toBeUndefined();
  });

  it('is sealed and bound to its conversation', () => {
    const state: Record<string, unknown> = {};
    recent.remember(turnAt('tôi là Nguyễn Văn Lộc, CCCD 001056001234', t0, state));
    const raw = JSON.stringify(state);
    expect(raw).not.toContain('Lộc');
    expect(raw).not.toContain('001056001234');
    // The same sealed value moved into another conversation opens to nothing.
    expect(recent.read(turnAt('x', t0, { ...state }, 'c2'))).toEqual([]);
  });
});

/** Records what the form skill reports after each turn, by conversation. */
class RecordingFormProgress implements FormProgressSink {
  readonly last = new Map<string, FormProgress>();
  report(c: FormConversation, progress: FormProgress): void {
    this.last.set(c.conversationId, progress);
  }
}

describe('details typed before the form starts, through the whole bot', () => {
  let forms: FormRegistry;
  beforeAll(async () => {
    forms = await loadForms();
  });

  let dataDir: string;
  let db: Db;
  let progress: RecordingFormProgress;
  let assistant: Awaited<ReturnType<typeof createFixtureAssistant>>;
  let now = t0;

  beforeEach(async () => {
    now = t0;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-recent-'));
    db = openDatabase(path.join(dataDir, 'profiles.sqlite'));
    progress = new RecordingFormProgress();
    const skills = createFormSkills({
      forms,
      profileStore: new SqliteProfileStore(db, box),
      fileStore: undefined,
      fonts: { regular: new Uint8Array(), bold: new Uint8Array() } as never,
      sealer: box,
      addresses: undefined,
      logger: silentLogger,
      clock: () => now,
      progress,
      erasers: [],
    });
    assistant = await createFixtureAssistant({ dataDir, extraSkills: skills.slots, clock: () => now });
  });
  afterEach(async () => {
    await assistant.cleanup();
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The conversation state as the bot's storage returns it (its own at-rest seal opened). */
  async function conversationState(chat: TestAdapter): Promise<string> {
    const keys = (assistant.db.prepare('SELECT key FROM bot_state').all() as Array<{ key: string }>).map((r) => r.key).filter((k) => k.includes(chat.conversationId));
    return JSON.stringify(await assistant.storage.read(keys));
  }

  const STORY = 'Tôi là Nguyễn Văn Lộc, năm nay 70 tuổi, sinh ngày 1/2/1956';
  const REQUEST = 'tôi về ở với con trai, cần làm tờ khai ct01 để nhập khẩu';

  it('fills the name and birth date told before the form, asks neither, and forgets them once read', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat' });
    await chat.send(STORY);
    // Details alone ask which form they are for; they are kept sealed until it is chosen.
    const stored = await conversationState(chat);
    expect(stored).not.toContain('Lộc');
    expect(stored).not.toContain('1956');

    const r2 = await chat.send(REQUEST);
    expect(r2.result?.outcome.form).toBe('ct01');
    expect(r2.text).toContain('Em đã điền sẵn những thông tin anh/chị vừa nhắn');
    const r3 = await chat.send('không lưu');
    expect(r3.text).not.toMatch(/họ và tên/i);
    expect(r3.text).not.toMatch(/ngày, tháng, năm sinh/i);
    const fields = progress.last.get(chat.conversationId)?.fields ?? {};
    expect(fields.ho_ten).toBe('Nguyễn Văn Lộc');
    expect(fields.ngay_sinh).toBe('1956-02-01');
    // Read once, for this form only.
    expect(await conversationState(chat)).not.toContain('formRecent');
  });

  it('does not use details older than 30 minutes', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat' });
    await chat.send(STORY);
    now = minutes(31);
    const r2 = await chat.send(REQUEST);
    expect(r2.text).not.toContain('vừa nhắn');
    await chat.send('không lưu');
    expect(progress.last.get(chat.conversationId)?.fields.ho_ten).toBeUndefined();
  });

  it('forgets them on "Xoá dữ liệu của tôi"', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat' });
    await chat.send(STORY);
    const erased = await chat.send('Xoá dữ liệu của tôi');
    expect(erased.result?.outcome.tags).toContain('privacy:delete');
    expect(await conversationState(chat)).not.toContain('formRecent');
    await chat.send(REQUEST);
    await chat.send('không lưu');
    expect(progress.last.get(chat.conversationId)?.fields.ho_ten).toBeUndefined();
  });

  it('forgets them when the form is cancelled', async () => {
    const chat = assistant.createTestAdapter({ channelId: 'webchat' });
    await chat.send(REQUEST);
    await chat.send('không lưu');
    await chat.send(STORY);
    const cancelled = await chat.send('huỷ');
    expect(cancelled.result?.outcome.tags).toContain('form:cancel');
    expect(await conversationState(chat)).not.toContain('formRecent');
  });
});

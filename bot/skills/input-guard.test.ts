import { describe, expect, it } from 'vitest';
import { createInputGuardSkill, type InputFlags } from './input-guard.js';
import { DEFAULT_CAPABILITIES, type Turn, type TurnResult } from '../types.js';

const turn = (text: string): Turn => ({
  text,
  rawText: text,
  conversationId: 'c',
  userId: 'u',
  channelId: 'test',
  capabilities: DEFAULT_CAPABILITIES,
  now: new Date('2026-12-01T00:00:00Z'),
  conversation: {},
  user: {},
});

const flags = (f: Partial<InputFlags>): InputFlags => ({ empty: false, symbolsOnly: false, truncated: false, hadInvalidChars: false, ...f });

const clarify: TurnResult = {
  messages: [{ text: 'Dạ, em chưa chắc đã hiểu đúng ý anh/chị. Anh/chị cần em giúp việc nào dưới đây ạ?', suggestedActions: [{ title: 'Hỏi thủ tục hành chính', value: 'Hỏi thủ tục hành chính' }, { title: 'Điền tờ khai', value: 'Điền tờ khai' }] }],
  outcome: { behavior: 'clarify', procedures: [] },
};

describe('input guard', () => {
  it.each([
    [{ empty: true }, ''],
    [{ symbolsOnly: true }, '🙂🙂'],
  ] as Array<[Partial<InputFlags>, string]>)('answers input it cannot read with one question and choices (%j)', async (f, text) => {
    const skill = createInputGuardSkill(() => flags(f));
    const r = await skill.handle(turn(text), async () => {
      throw new Error('not reached');
    });
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]!.text.match(/\?/g)).toHaveLength(1);
    expect((r.messages[0]!.suggestedActions ?? []).length).toBeGreaterThanOrEqual(2);
    expect(r.outcome.behavior).toBe('clarify');
  });

  it('keeps a clarifying question one message when a long message was cut', async () => {
    const skill = createInputGuardSkill(() => flags({ truncated: true }));
    const r = await skill.handle(turn('x'.repeat(10)), async () => clarify);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]!.text).toMatch(/^Dạ, tin nhắn của anh\/chị khá dài/);
    expect(r.messages[0]!.text.match(/\?/g)).toHaveLength(1);
    expect(r.messages[0]!.suggestedActions).toEqual(clarify.messages[0]!.suggestedActions);
  });

  it('puts the note after an emergency reply and before any other answer', async () => {
    const skill = createInputGuardSkill(() => flags({ truncated: true }));
    const urgent = await skill.handle(turn('x'), async () => ({ messages: [{ text: 'Gọi ngay 113' }], outcome: { behavior: 'urgent', procedures: [] } }));
    expect(urgent.messages[0]!.text).toBe('Gọi ngay 113');
    const answer = await skill.handle(turn('x'), async () => ({ messages: [{ text: 'Thủ tục' }], outcome: { behavior: 'answer', procedures: [] } }));
    expect(answer.messages).toHaveLength(2);
    expect(answer.messages[1]!.text).toBe('Thủ tục');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { FeedbackEntry, TurnLogEntry } from '../../bot/ports/index.js';
import { domainEngineTitle, domainStoreEngines } from './engines-stores.js';

/** The feedback port (`bot/ports/feedback.ts`, FeedbackStore), with review, erasure and retention, on every engine. */
const engines = await domainStoreEngines();
const rating = (at: string, over: Partial<FeedbackEntry> = {}): FeedbackEntry => ({
  conversationId: 'conv-1',
  userId: 'user-1',
  channelId: 'zalo',
  at,
  rating: 'down',
  question: 'làm căn cước cho con 14 tuổi cần gì',
  procedureCode: '1.001',
  ...over,
});
const turn = (conversationId: string, at: string, ward?: string): TurnLogEntry => ({
  conversationId,
  userId: 'user-1',
  channelId: 'zalo',
  at,
  text: 'hỏi',
  outcome: { behavior: 'answer', procedures: [] },
  latencyMs: 5,
  ...(ward ? { ward } : {}),
});
const MINUTE = 60_000;

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('feedback', engine), () => {
    afterEach(() => engine.cleanup());

    it('records ratings with the question sealed and the rated turn\'s ward, and lists them newest first', async () => {
      const store = await engine.open();
      const { feedback, turnLog } = store.handles[0]!;
      await turnLog.record(turn('conv-1', '2026-11-26T09:59:00.000Z', '00004'));
      await turnLog.record(turn('conv-1', '2026-11-26T10:00:00.000Z', '00070'));
      await feedback.record(rating('2026-11-26T10:01:00.000Z', { rating: 'up' }));
      await feedback.record(rating('2026-11-26T10:02:00.000Z', { conversationId: 'conv-2', procedureCode: undefined, reason: 'kho_hieu' }));
      expect(await feedback.list()).toEqual([
        { conversationId: 'conv-2', userId: 'user-1', channelId: 'zalo', at: '2026-11-26T10:02:00.000Z', rating: 'down', question: 'làm căn cước cho con 14 tuổi cần gì', procedureCode: undefined, reason: 'kho_hieu' },
        { conversationId: 'conv-1', userId: 'user-1', channelId: 'zalo', at: '2026-11-26T10:01:00.000Z', rating: 'up', question: 'làm căn cước cho con 14 tuổi cần gì', procedureCode: '1.001', reason: undefined },
      ]);
      expect((await feedback.list(1)).map((f) => f.conversationId)).toEqual(['conv-2']);
      const rows = await store.sql('SELECT conversation_id, at, question, ward FROM feedback ORDER BY id');
      expect(rows.map((r) => [r.conversation_id, r.ward])).toEqual([['conv-1', '00070'], ['conv-2', null]]);
      expect(JSON.stringify(rows)).not.toContain('căn cước');
      expect(feedback.openQuestion(rows[0] as { conversation_id: string; at: string; question: string })).toBe('làm căn cước cho con 14 tuổi cần gì');
      await expect(feedback.record(rating('2026-11-26T10:03:00.000Z', { rating: 'meh' as never }))).rejects.toThrow();
    });

    it("adds a reason to the conversation's latest reasonless 👎 within the window, else records a new 👎", async () => {
      const { feedback } = (await engine.open()).handles[0]!;
      await feedback.record(rating('2026-11-26T10:00:00.000Z'));
      await feedback.record(rating('2026-11-26T10:01:00.000Z'));
      await feedback.record(rating('2026-11-26T10:01:30.000Z', { rating: 'up' }));
      await feedback.addReason({ ...rating('2026-11-26T10:02:00.000Z'), reason: 'sai_thong_tin' }, 5 * MINUTE);
      await feedback.addReason({ ...rating('2026-11-26T10:02:10.000Z'), reason: 'thieu' }, 5 * MINUTE);
      await feedback.addReason({ ...rating('2026-11-26T10:02:20.000Z'), reason: 'khac' }, 5 * MINUTE);
      await feedback.addReason({ ...rating('2026-11-26T10:02:30.000Z', { conversationId: 'conv-2' }), reason: 'kho_hieu' }, 5 * MINUTE);
      expect((await feedback.list()).map((f) => [f.conversationId, f.at, f.rating, f.reason])).toEqual([
        ['conv-2', '2026-11-26T10:02:30.000Z', 'down', 'kho_hieu'],
        ['conv-1', '2026-11-26T10:02:20.000Z', 'down', 'khac'],
        ['conv-1', '2026-11-26T10:01:30.000Z', 'up', undefined],
        ['conv-1', '2026-11-26T10:01:00.000Z', 'down', 'sai_thong_tin'],
        ['conv-1', '2026-11-26T10:00:00.000Z', 'down', 'thieu'],
      ]);
      const { feedback: late } = (await engine.open()).handles[0]!;
      await late.record(rating('2026-11-26T10:00:00.000Z'));
      await late.addReason({ ...rating('2026-11-26T10:10:00.000Z'), reason: 'thieu' }, 5 * MINUTE);
      expect((await late.list()).map((f) => [f.at, f.reason])).toEqual([['2026-11-26T10:10:00.000Z', 'thieu'], ['2026-11-26T10:00:00.000Z', undefined]]);
    });

    it('erases a conversation\'s or a user\'s feedback and purges what is older than the retention date', async () => {
      const { feedback } = (await engine.open()).handles[0]!;
      await feedback.record(rating('2026-11-01T10:00:00.000Z'));
      await feedback.record(rating('2026-11-20T10:00:00.000Z', { conversationId: 'conv-2', userId: 'user-2' }));
      await feedback.record(rating('2026-11-21T10:00:00.000Z', { conversationId: 'conv-3', userId: 'user-1' }));
      await feedback.record(rating('2026-11-22T10:00:00.000Z', { conversationId: 'conv-4', userId: 'user-4' }));
      expect(await feedback.eraseSubject({ conversationId: 'conv-1', userId: 'user-1' })).toBe(2);
      expect(await feedback.eraseSubject({ conversationId: 'conv-9' })).toBe(0);
      expect(await feedback.purgeBefore(new Date('2026-11-21T00:00:00.000Z'))).toBe(1);
      expect((await feedback.list()).map((f) => f.conversationId)).toEqual(['conv-4']);
    });

    it('two processes adding reasons to one 👎 at once: one completes it, the other is kept as its own 👎', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      for (let round = 0; round < 5; round++) {
        const conversationId = `conv-${round}`;
        await p1!.feedback.record(rating('2026-11-26T10:00:00.000Z', { conversationId }));
        await Promise.all([
          p1!.feedback.addReason({ ...rating('2026-11-26T10:01:00.000Z', { conversationId }), reason: 'thieu' }, 5 * MINUTE),
          p2!.feedback.addReason({ ...rating('2026-11-26T10:01:00.000Z', { conversationId }), reason: 'kho_hieu' }, 5 * MINUTE),
        ]);
        const rows = await store.sql(`SELECT at, reason FROM feedback WHERE conversation_id = '${conversationId}' ORDER BY id`);
        expect(rows).toHaveLength(2);
        expect(rows[0]!.at).toBe('2026-11-26T10:00:00.000Z');
        expect(rows.map((r) => r.reason).sort()).toEqual(['kho_hieu', 'thieu']);
      }
    });
  });
}

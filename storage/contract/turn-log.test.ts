import { afterEach, describe, expect, it } from 'vitest';
import type { TurnLogEntry } from '../../bot/ports/index.js';
import type { TurnOutcome } from '../../bot/types.js';
import { domainEngineTitle, domainStoreEngines, type OpenedDomainStores } from './engines-stores.js';

/** The turn log port (`bot/ports/turn-log.ts`, TurnLog), its analytics columns and daily rollups, on every engine. */
const engines = await domainStoreEngines();

const answered: TurnOutcome = { behavior: 'answer', procedures: [{ code: '1.001', name: 'Cấp căn cước', score: 0.9 }] as TurnOutcome['procedures'], procedureCode: '1.001' };
const refused: TurnOutcome = { behavior: 'refuse', procedures: [], understanding: { intent: 'out_of_scope', confidence: 0.3, danger: false, abstain: true } };
const smalltalk: TurnOutcome = { behavior: 'answer', procedures: [], tags: ['smalltalk'] };
const turn = (conversationId: string, at: string, outcome: TurnOutcome, over: Partial<TurnLogEntry> = {}): TurnLogEntry => ({
  conversationId,
  userId: `user-of-${conversationId}`,
  channelId: 'zalo',
  at,
  text: `câu hỏi về hộ chiếu lúc ${at}`,
  outcome,
  latencyMs: 12.5,
  ward: '00004',
  ...over,
});

/** Every rollup row, engine-neutral, sorted. */
const ROLLUPS = ['turn_rollup_kind', 'turn_rollup_procedure', 'turn_rollup_gap', 'turn_rollup_conversations'] as const;
async function rollups(store: OpenedDomainStores): Promise<Record<(typeof ROLLUPS)[number], string[]>> {
  const out = { turn_rollup_kind: [], turn_rollup_procedure: [], turn_rollup_gap: [], turn_rollup_conversations: [] } as Record<(typeof ROLLUPS)[number], string[]>;
  for (const t of ROLLUPS) {
    out[t] = (await store.sql(`SELECT * FROM ${t}`)).map((r) => Object.keys(r).sort().map((k) => `${k}=${String(r[k])}`).join(' ')).sort();
  }
  return out;
}

for (const engine of engines) {
  describe.skipIf(engine.skipReason !== undefined)(domainEngineTitle('turn log', engine), () => {
    afterEach(() => engine.cleanup());

    it("records turns with the text sealed and the analytics columns derived, and gives a conversation's recent turns oldest first", async () => {
      const store = await engine.open();
      const { turnLog } = store.handles[0]!;
      await turnLog.record(turn('c1', '2026-11-26T16:59:00.000Z', answered));
      await turnLog.record(turn('c1', '2026-11-26T17:00:00.000Z', refused, { ward: undefined }));
      await turnLog.record(turn('c1', '2026-11-26T17:01:00.000Z', smalltalk));
      await turnLog.record(turn('c2', '2026-11-26T17:02:00.000Z', answered));
      const recent = await turnLog.recent('c1', 2);
      expect(recent).toEqual([
        { conversationId: 'c1', userId: 'user-of-c1', channelId: 'zalo', at: '2026-11-26T17:00:00.000Z', text: 'câu hỏi về hộ chiếu lúc 2026-11-26T17:00:00.000Z', outcome: refused, latencyMs: 12.5 },
        { conversationId: 'c1', userId: 'user-of-c1', channelId: 'zalo', at: '2026-11-26T17:01:00.000Z', text: 'câu hỏi về hộ chiếu lúc 2026-11-26T17:01:00.000Z', outcome: smalltalk, latencyMs: 12.5 },
      ]);
      expect(await turnLog.recent('c1')).toHaveLength(3);
      expect(await turnLog.recent('nobody')).toEqual([]);
      const rows = await store.sql('SELECT conversation_id, at, text, behavior, procedure_code, day, ward, kind, intent, confidence, gap, topic FROM turn_log ORDER BY id');
      expect(JSON.stringify(rows)).not.toContain('hộ chiếu');
      expect(turnLog.openText(rows[0] as { conversation_id: string; at: string; text: string })).toBe('câu hỏi về hộ chiếu lúc 2026-11-26T16:59:00.000Z');
      expect(rows.map(({ text: _t, conversation_id: _c, at: _a, ...r }) => r)).toEqual([
        { behavior: 'answer', procedure_code: '1.001', day: '2026-11-26', ward: '00004', kind: 'answered', intent: null, confidence: null, gap: null, topic: null },
        { behavior: 'refuse', procedure_code: null, day: '2026-11-27', ward: null, kind: 'refused', intent: 'out_of_scope', confidence: 0.3, gap: 'refused', topic: expect.stringMatching(/^w:[0-9a-f]{16}$/) },
        { behavior: 'answer', procedure_code: null, day: '2026-11-27', ward: '00004', kind: 'other', intent: null, confidence: null, gap: null, topic: null },
        { behavior: 'answer', procedure_code: '1.001', day: '2026-11-27', ward: '00004', kind: 'answered', intent: null, confidence: null, gap: null, topic: null },
      ]);
    });

    it('keeps the daily rollups on write, per ward and city-wide, counting a conversation once a day', async () => {
      const store = await engine.open();
      const { turnLog } = store.handles[0]!;
      await turnLog.record(turn('c1', '2026-11-26T10:00:00.000Z', answered));
      await turnLog.record(turn('c1', '2026-11-26T10:01:00.000Z', answered));
      await turnLog.record(turn('c1', '2026-11-26T10:02:00.000Z', refused, { ward: undefined }));
      await turnLog.record(turn('c2', '2026-11-26T10:03:00.000Z', smalltalk, { channelId: 'directline' }));
      const got = await rollups(store);
      expect(got.turn_rollup_kind).toEqual([
        'channel_id=directline day=2026-11-26 kind=other n=1 ward=*',
        'channel_id=directline day=2026-11-26 kind=other n=1 ward=00004',
        'channel_id=zalo day=2026-11-26 kind=answered n=2 ward=*',
        'channel_id=zalo day=2026-11-26 kind=answered n=2 ward=00004',
        'channel_id=zalo day=2026-11-26 kind=refused n=1 ward=',
        'channel_id=zalo day=2026-11-26 kind=refused n=1 ward=*',
      ]);
      expect(got.turn_rollup_procedure).toEqual(['day=2026-11-26 n=2 procedure_code=1.001 ward=*', 'day=2026-11-26 n=2 procedure_code=1.001 ward=00004']);
      expect(got.turn_rollup_gap.map((r) => r.replace(/topic=\S+/, 'topic=T'))).toEqual([
        'day=2026-11-26 gap=refused intent=out_of_scope n=1 topic=T ward=',
        'day=2026-11-26 gap=refused intent=out_of_scope n=1 topic=T ward=*',
      ]);
      expect(got.turn_rollup_conversations).toEqual(['day=2026-11-26 n=1 ward=', 'day=2026-11-26 n=1 ward=00004']);
    });

    it('erasure and retention delete turns and rebuild the rollups of the days they were on', async () => {
      const store = await engine.open();
      const { turnLog } = store.handles[0]!;
      await turnLog.record(turn('c1', '2026-11-20T10:00:00.000Z', answered));
      await turnLog.record(turn('c2', '2026-11-20T11:00:00.000Z', answered));
      await turnLog.record(turn('c1', '2026-11-26T10:00:00.000Z', refused));
      await turnLog.record(turn('c3', '2026-11-26T10:00:00.000Z', answered, { userId: 'user-of-c1' }));
      await turnLog.record(turn('c4', '2026-11-26T11:00:00.000Z', answered));
      expect(await turnLog.eraseSubject({ conversationId: 'c9' })).toBe(0);
      expect(await turnLog.eraseSubject({ conversationId: 'c1', userId: 'user-of-c1' })).toBe(3);
      expect(await turnLog.recent('c1')).toEqual([]);
      let got = await rollups(store);
      expect(got.turn_rollup_conversations).toEqual(['day=2026-11-20 n=1 ward=00004', 'day=2026-11-26 n=1 ward=00004']);
      expect(got.turn_rollup_gap).toEqual([]);
      expect(got.turn_rollup_kind.filter((r) => r.includes('ward=*'))).toEqual([
        'channel_id=zalo day=2026-11-20 kind=answered n=1 ward=*',
        'channel_id=zalo day=2026-11-26 kind=answered n=1 ward=*',
      ]);
      expect(await turnLog.purgeBefore(new Date('2026-11-21T00:00:00.000Z'))).toBe(1);
      expect(await turnLog.purgeBefore(new Date('2026-11-21T00:00:00.000Z'))).toBe(0);
      got = await rollups(store);
      expect(got.turn_rollup_conversations).toEqual(['day=2026-11-26 n=1 ward=00004']);
      expect(got.turn_rollup_procedure).toEqual(['day=2026-11-26 n=1 procedure_code=1.001 ward=*', 'day=2026-11-26 n=1 procedure_code=1.001 ward=00004']);
      expect((await turnLog.recent('c4')).map((t) => t.at)).toEqual(['2026-11-26T11:00:00.000Z']);
    });

    it('two processes recording the same conversations at once lose no count and count each conversation once a day', async () => {
      const store = await engine.open(2);
      const [p1, p2] = store.handles;
      const conversations = 4;
      const perConversation = 10;
      const writes: Promise<void>[] = [];
      for (let i = 0; i < perConversation; i++) {
        for (let c = 0; c < conversations; c++) {
          const at = new Date(Date.UTC(2026, 10, 26, 3, c, i)).toISOString();
          writes.push((i % 2 ? p1! : p2!).turnLog.record(turn(`c${c}`, at, i % 3 ? answered : refused)));
        }
      }
      await Promise.all(writes);
      const got = await rollups(store);
      expect(got.turn_rollup_conversations).toEqual([`day=2026-11-26 n=${conversations} ward=00004`]);
      const total = (ward: string) =>
        got.turn_rollup_kind.filter((r) => r.endsWith(` ward=${ward}`)).reduce((n, r) => n + Number(/ n=(\d+)/.exec(r)![1]), 0);
      expect(total('*')).toBe(conversations * perConversation);
      expect(total('00004')).toBe(conversations * perConversation);
      expect(await store.sql('SELECT COUNT(*) AS n FROM turn_log')).toEqual([{ n: conversations * perConversation }]);
    });
  });
}

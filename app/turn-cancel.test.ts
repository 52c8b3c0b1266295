import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TurnContext } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import { runCancellable, TURN_SIGNAL_KEY, type Skill } from '../bot/index.js';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { LocalAdapter } from '../channels/local/index.js';
import { testLegalAid } from '../test/legal-aid.js';
import type { NewCase } from '../bot/ports/index.js';
import { createAssistant, type Assistant } from './assistant.js';
import { loadConfig } from './config.js';
import { createSilentLogger } from './logger.js';

/**
 * A channel that times a turn out retries the event. The abandoned turn must not act
 * afterwards: here a slow skill (standing for triage waiting on a model or a store) opens
 * a case only after the channel gave up. With the turn's signal aborted, the legal-aid
 * service refuses to open it, the turn saves no state, and the retry opens exactly one case.
 */

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

/** The one path to open a case (the legal-aid service) and the store to read cases back. */
interface Cases {
  open(input: NewCase): Promise<{ id: string }>;
  listByConversation(conversationId: string): Promise<Array<{ id: string }>>;
}
function legalAidOn(db: Parameters<typeof testLegalAid>[0]): Cases {
  const aid = testLegalAid(db, () => new Date());
  return { open: async (input) => (await aid.service.openCase(input)).case, listByConversation: (id) => aid.cases.listByConversation(id) };
}

const newCase = (conversationId: string): NewCase => ({
  channel: 'zalo',
  servicePoint: 'Phường Ba Đình',
  address: { channelId: 'zalo', conversationId, userId: conversationId, reference: {} },
  area: 'DAT_DAI',
  confidence: 0.9,
  signals: ['adverse_party'],
  urgency: 'routine',
  parties: { adverseParties: [], authorityInvolved: [], conflictServicePointAuthority: false },
  service: 'advice',
  limitedScopeAcknowledged: true,
  contact: { safeToContact: true, method: 'this_channel' },
  summary: 'Tranh chấp ranh giới đất với hàng xóm',
  consent: { textVersion: 'v1', purposes: ['legal_advice'], sensitiveDataAck: true, method: 'button', givenAt: '2026-11-30T02:00:00.000Z' },
  retentionUntil: '2027-11-30',
});

async function setup(): Promise<{ assistant: Assistant; cases: Cases; release: () => void; reached: Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tthc-cancel-'));
  const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  let cases!: Cases;
  let release!: () => void;
  let arrived!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const reached = new Promise<void>((r) => (arrived = r));
  const slowTriage: Skill = {
    name: 'slow-triage',
    async handle(turn, next) {
      if (!turn.text.includes('tranh chấp')) return next();
      arrived();
      await gate;
      gate = Promise.resolve();
      const opened = await cases.open(newCase(turn.conversationId));
      return { messages: [{ text: `Dạ, em đã chuyển hồ sơ ${opened.id} cho luật sư.` }], outcome: { behavior: 'escalate', procedures: [] } };
    },
  };
  const catalogue = new FakeCatalogue();
  const assistant = await createAssistant({
    config,
    logger: createSilentLogger(),
    catalogue,
    retriever: new FakeRetriever(catalogue),
    extraSkills: [slowTriage],
  });
  cases = legalAidOn(assistant.db);
  cleanup.push(async () => {
    await assistant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { assistant, cases, release: () => release(), reached };
}

/** Runs the bot with the turn's signal in turnState, as a channel does. */
const withSignal = (assistant: Assistant, signal: AbortSignal) => ({
  run: (ctx: TurnContext) => {
    ctx.turnState.set(TURN_SIGNAL_KEY, signal);
    return assistant.bot.run(ctx);
  },
});

describe('a timed-out turn is cancelled', () => {
  it('the abandoned turn opens no case and saves no state; the retry opens exactly one', async () => {
    const { assistant, cases, release, reached } = await setup();
    const conversationId = 'zalo-user-1';
    const first = new AbortController();
    const adapter = new LocalAdapter(withSignal(assistant, first.signal), { channelId: 'zalo', conversationId, userId: conversationId });
    const abandoned = adapter.send('Tôi có tranh chấp đất với hàng xóm');
    await reached;
    // The channel's deadline passes: it aborts the turn and will retry the event.
    first.abort();
    release();
    const late = await abandoned;
    expect(await cases.listByConversation(conversationId)).toEqual([]);
    expect(late.result?.outcome.tags).toContain('error');
    expect(assistant.db.prepare('SELECT key FROM bot_state WHERE key LIKE ?').all(`zalo/conversations/${conversationId}/%`)).toEqual([]);

    const retry = await new LocalAdapter(withSignal(assistant, new AbortController().signal), { channelId: 'zalo', conversationId, userId: conversationId }).send(
      'Tôi có tranh chấp đất với hàng xóm',
    );
    expect(retry.text).toContain('đã chuyển hồ sơ');
    expect(await cases.listByConversation(conversationId)).toHaveLength(1);
  });

  it('runCancellable rejects at the deadline and aborts the signal the turn sees', async () => {
    const { assistant, cases, release, reached } = await setup();
    const conversationId = 'zalo-user-2';
    let seen: AbortSignal | undefined;
    let turn!: Promise<unknown>;
    const outcome = runCancellable(20, (signal) => {
      seen = signal;
      turn = new LocalAdapter(withSignal(assistant, signal), { channelId: 'zalo', conversationId, userId: conversationId }).send('Nhà tôi có tranh chấp ranh giới đất với nhà bên cạnh');
      return turn;
    });
    await reached;
    await expect(outcome).rejects.toMatchObject({ code: 'unavailable:turn_timeout' });
    expect(seen?.aborted).toBe(true);
    release();
    await turn;
    expect(await cases.listByConversation(conversationId)).toEqual([]);
  });
});

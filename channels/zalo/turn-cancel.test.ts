import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../app/assistant.js';
import { loadConfig } from '../../app/config.js';
import { createSilentLogger } from '../../app/logger.js';
import type { Skill } from '../../bot/index.js';
import { FakeCatalogue, FakeRetriever } from '../../bot/testing/fake-retrieval.js';
import { testLegalAid } from '../../test/legal-aid.js';
import type { NewCase } from '../../bot/ports/index.js';
import type { FakeZalo } from './fake/fake-zalo.js';
import { startChannelServer, startFake, tempDir, waitFor, type ChannelServer } from './fake/harness.js';

/**
 * The Zalo channel gives up on a bot turn after `turnTimeoutMs` and retries the event. The
 * abandoned turn may still be running: here a slow triage step (standing for a model or a
 * store that hangs) reaches the point of opening a case only after the channel gave up, and
 * only then does the retry run. The channel aborts the turn's signal at its deadline, so the
 * abandoned turn's case is refused, and the citizen gets one case and one answer.
 */

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

let fake: FakeZalo | undefined;
let srv: ChannelServer | undefined;
let assistant: Assistant | undefined;
let dir: string | undefined;
afterEach(async () => {
  await srv?.close({ force: true });
  await assistant?.close();
  await fake?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  srv = assistant = fake = dir = undefined;
});

describe('Zalo: a timed-out turn is cancelled', () => {
  it('the retried event opens one case and answers once; the abandoned turn is refused', async () => {
    fake = await startFake();
    const tokens = fake.issueTokens();
    dir = tempDir('zalo-cancel-');
    const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' });

    let cases!: Cases;
    let attempts = 0;
    let releaseFirst!: () => void;
    const firstGate = new Promise<void>((r) => (releaseFirst = r));
    let firstArrived!: () => void;
    const reachedFirst = new Promise<void>((r) => (firstArrived = r));
    let firstDone!: (outcome: string) => void;
    const firstOutcome = new Promise<string>((r) => (firstDone = r));
    const slowTriage: Skill = {
      name: 'slow-triage',
      async handle(turn, next) {
        if (!turn.text.includes('tranh chấp')) return next();
        const attempt = ++attempts;
        if (attempt === 1) {
          firstArrived();
          await firstGate;
          try {
            await cases.open(newCase(turn.conversationId));
            firstDone('opened');
          } catch (err) {
            firstDone((err as { code?: string }).code ?? String(err));
            throw err;
          }
        } else {
          // The retry acts only after the abandoned turn tried: the worst order.
          await firstOutcome;
        }
        const opened = attempt === 1 ? (await cases.listByConversation(turn.conversationId))[0]! : await cases.open(newCase(turn.conversationId));
        return { messages: [{ text: `Dạ, em đã chuyển hồ sơ ${opened.id} cho luật sư.` }], outcome: { behavior: 'escalate', procedures: [] } };
      },
    };
    const catalogue = new FakeCatalogue();
    assistant = await createAssistant({
      config,
      logger: createSilentLogger(),
      catalogue,
      retriever: new FakeRetriever(catalogue),
      extraSkills: [slowTriage],
      databaseFile: path.join(dir, 'tthc.sqlite'),
    });
    cases = legalAidOn(assistant.db);

    const warnings: string[] = [];
    const logger = { ...createSilentLogger(), debug() {}, info() {}, error() {}, warn: (_o: unknown, msg?: string) => void warnings.push(msg ?? '') };
    srv = await startChannelServer({
      fake,
      dbFile: path.join(dir, 'zalo.sqlite'),
      bot: assistant.bot,
      tokens,
      extra: {
        logger,
        tuning: { turnTimeoutMs: 150, backoffBaseMs: 10, inboxMaxAttempts: 3 },
      },
    });

    const { body, headers } = fake.webhook(fake.textEvent('citizen-9', 'Tôi có tranh chấp đất với hàng xóm'));
    expect((await srv.post(body, headers)).status).toBe(200);
    await reachedFirst;
    // The channel's deadline passes while the first turn hangs: it gives up and will retry.
    await waitFor(() => warnings.includes('zalo: event processing failed; will retry'), 'the turn timeout', 10_000);
    releaseFirst();

    expect(await firstOutcome).toBe('unavailable:turn_cancelled');
    await waitFor(() => fake!.sentTo('citizen-9').some((m) => (m.text ?? '').includes('đã chuyển hồ sơ')), 'the retry answers', 10_000);
    await srv.channel.drain();
    expect(attempts).toBe(2);
    expect(await cases.listByConversation('zalo:citizen-9')).toHaveLength(1);
    const texts = fake.sentTo('citizen-9').map((m) => m.text ?? '');
    expect(texts.filter((t) => t.includes('đã chuyển hồ sơ'))).toHaveLength(1);
    expect(texts.some((t) => t.includes('xin lỗi'))).toBe(false);
    expect((await srv.channel.health()).inbox).toMatchObject({ pending: 0 });
  }, 30_000);
});

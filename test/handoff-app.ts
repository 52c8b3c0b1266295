import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAssistant, type Assistant } from '../app/assistant.js';
import { composeServer, type AppServer } from '../app/compose.js';
import type { ChannelParts } from '../channels/parts.js';
import { loadConfig } from '../app/config.js';
import { createLegalAid, legalAidBox, type LegalAid } from '../app/legal-aid.js';
import { createSilentLogger } from '../app/logger.js';
import { createZaloChannel, type ZaloChannel } from '../channels/zalo/index.js';
import { sqliteZaloQueues } from '../storage/zalo-queues.js';
import type { FakeZalo } from '../channels/zalo/fake/fake-zalo.js';
import { TEST_ZALO } from '../channels/zalo/fake/harness.js';
import { fromLocal, servicePointsFromWards } from '../bot/handoff/index.js';
import { FakeClock, lawyer, shift } from '../bot/handoff/testing/fixtures.js';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { loadAdminUnits } from '../knowledge/index.js';
import { SqliteAccessLog } from '../storage/console-access-log.js';
import { SqliteConsoleUsers } from '../storage/console-users.js';
import { createSealedBox } from '../storage/crypto.js';
import { openDatabase, type Db } from '../storage/sqlite.js';

type ZaloClock = { now(): number };

export const HANDOFF_SECRET = 'test-secret-0123456789abcdef';
export const HANDOFF_PASSWORD = 'mat-khau-thu-nghiem-1';

export interface HandoffApp {
  url: string;
  dir: string;
  db: Db;
  /** The legal-aid part as `app/legal-aid.ts` composes it (cases, rota, service, scheduler). */
  legalAid: LegalAid;
  /** The console's accounts and access log (same tables the mounted console uses). */
  users: SqliteConsoleUsers;
  accessLog: SqliteAccessLog;
  assistant: Assistant;
  server: AppServer;
  /** Code of Phường Ba Đình, where both test lawyers sit on Mondays 08:00–12:00. */
  baDinh: string;
  /** The Zalo channel, when started with `zalo`. */
  readonly zaloChannel?: ZaloChannel;
  stop(): Promise<void>;
}

/**
 * The production wiring of the lawyer part (README "Wiring") on port 0 with real SQLite in a
 * temp dir: legal aid composed by `app/legal-aid.ts` (scheduler left to `tick()`), its triage
 * and handoff skills in the real assistant (fixture catalogue for speed), the real server with
 * the console mounted. Routing runs on a clock fixed at Monday 09:00 Hà Nội time so `L1`
 * (land) and `L2` (family) are on duty; users `ls1`/`ls2` (lawyers), `dieuphoi` (coordinator)
 * and `quantri` (admin) have `HANDOFF_PASSWORD`.
 */
export async function startHandoffApp(opts: { zalo?: { fake: FakeZalo; clock: ZaloClock } } = {}): Promise<HandoffApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-app-'));
  const zaloEnv = opts.zalo
    ? {
        ZALO_APP_ID: TEST_ZALO.appId,
        ZALO_APP_SECRET: TEST_ZALO.appSecret,
        ZALO_OA_SECRET_KEY: TEST_ZALO.oaSecretKey,
        ZALO_API_BASE: opts.zalo.fake.baseUrl,
        ZALO_OAUTH_BASE: opts.zalo.fake.baseUrl,
        ...(() => {
          const t = opts.zalo.fake.issueTokens();
          return { ZALO_ACCESS_TOKEN: t.accessToken, ZALO_REFRESH_TOKEN: t.refreshToken };
        })(),
      }
    : {};
  const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', DIRECTLINE_SECRET: HANDOFF_SECRET, LOG_LEVEL: 'silent', ...zaloEnv });
  const file = path.join(dir, 'tthc.sqlite');
  // With Zalo, routing shares the Zalo fake's clock (the 7-day window); otherwise a fixed Monday.
  const zaloClock = opts.zalo?.clock;
  const clock = zaloClock ? { now: () => new Date(zaloClock.now()) } : new FakeClock(fromLocal('2026-11-30', '09:00'));
  const db = openDatabase(file);
  const box = createSealedBox(randomBytes(32));
  const logger = createSilentLogger();
  // The assistant (and its proactive registry) comes after legal aid: senders are read late.
  let assistantRef: Assistant | undefined;
  const legalAid = await createLegalAid({
    db,
    box: legalAidBox(box),
    now: clock.now,
    newId: () => randomUUID(),
    logger,
    senders: (channelId) => assistantRef?.proactive.get(channelId),
    tickIntervalMs: 0,
    defaultServicePoint: 'Phường Ba Đình',
  });
  const points = servicePointsFromWards((await loadAdminUnits()).hanoiWards());
  const baDinh = points.find((p) => p.name === 'Phường Ba Đình')!.code;
  legalAid.rota.upsertServicePoints(points);
  await legalAid.rota.importRota({
    lawyers: [lawyer('L1', { name: 'Nguyễn Văn Mẫu' }), lawyer('L2', { name: 'Trần Thị Thử', specialties: ['HON_NHAN_GIA_DINH'] })],
    schedule: { shifts: [shift('L1', baDinh, 1), shift('L2', baDinh, 1)], exceptions: [] },
  });
  const users = new SqliteConsoleUsers(db, { now: clock.now });
  const accessLog = new SqliteAccessLog(db, { now: clock.now });
  await users.create({ username: 'ls1', password: HANDOFF_PASSWORD, role: 'lawyer', lawyerId: 'L1', displayName: 'LS Nguyễn Văn Mẫu' });
  await users.create({ username: 'ls2', password: HANDOFF_PASSWORD, role: 'lawyer', lawyerId: 'L2' });
  await users.create({ username: 'dieuphoi', password: HANDOFF_PASSWORD, role: 'coordinator', displayName: 'Điều phối viên' });
  await users.create({ username: 'quantri', password: HANDOFF_PASSWORD, role: 'admin', displayName: 'Quản trị' });

  const catalogue = new FakeCatalogue();
  const assistant = await createAssistant({
    config,
    logger,
    extraSkills: legalAid.slots,
    catalogue,
    retriever: new FakeRetriever(catalogue),
    databaseFile: file,
    clock: clock.now,
  });
  assistantRef = assistant;
  const parts: ChannelParts[] = [];
  let zaloChannel: ZaloChannel | undefined;
  if (opts.zalo && config.zalo) {
    // As the root builds it, but on the shared fake clock and with a fast poll for tests.
    zaloChannel = createZaloChannel({
      config: config.zalo,
      queues: sqliteZaloQueues(assistant.db, box),
      bot: assistant.bot,
      logger,
      clock: zaloClock!.now,
      tuning: { pollMs: 20 },
    });
    parts.push(zaloChannel.parts);
  }
  const server = composeServer({ config, assistant, legalAid, logger, parts, clock: clock.now });
  const { url } = await server.listen(0, '127.0.0.1');
  return {
    url,
    dir,
    db,
    legalAid,
    users,
    accessLog,
    assistant,
    server,
    baDinh,
    get zaloChannel() {
      return zaloChannel;
    },
    async stop() {
      await server.close();
      await assistant.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

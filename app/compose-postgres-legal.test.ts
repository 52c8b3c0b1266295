import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { fromLocal, servicePointsFromWards } from '../bot/handoff/index.js';
import { lawyer, shift } from '../bot/handoff/testing/fixtures.js';
import type { JobLock } from '../bot/ports/index.js';
import { FakeCatalogue, FakeRetriever } from '../bot/testing/fake-retrieval.js';
import { TRIAGE_BUTTONS } from '../bot/triage/index.js';
import { tempDir } from '../channels/zalo/fake/harness.js';
import { loadAdminUnits } from '../knowledge/index.js';
import { createTestDatabase, probePostgres } from '../storage/contract/engines.js';
import { MemoryJobLock } from '../storage/job-lock-memory.js';
import { PgJobLock } from '../storage/postgres/index.js';
import { openDatabase } from '../storage/sqlite.js';
import { composeApp, type ComposedApp } from './compose.js';
import { loadConfig } from './config.js';
import { createSilentLogger } from './logger.js';

/**
 * Legal aid with DATABASE_URL (issue 16): two apps composed on one fresh database share the
 * cases, rota, lawyer chat and notes. A citizen's land dispute told to the bot on app A opens
 * a case that lives in PostgreSQL (neither SQLite file has it), routed by the rota app A
 * imported, and app B reads it and its chat; with both schedulers ticking, each tick runs on
 * one app only (`PgJobLock`).
 */
const skipReason = await probePostgres();
if (skipReason) console.warn(`[legal aid on PostgreSQL] skipped: ${skipReason}`);

const SHARED_ENV = {
  NODE_ENV: 'test',
  DIRECTLINE_SECRET: 'compose-postgres-legal-0123456789abcdef',
  PROFILE_ENCRYPTION_KEY: Buffer.alloc(32, 6).toString('hex'),
};
/** Monday 09:00 in Hà Nội: the test lawyer is on duty. */
const MONDAY_MORNING = fromLocal('2026-11-30', '09:00');

/** A job lock whose holder keeps it 300 ms before the job runs, so two processes asking together overlap for sure. */
function slowed(inner: JobLock, ran: string[], who: string): JobLock {
  return {
    runExclusive: (name, fn) =>
      inner.runExclusive(name, async () => {
        ran.push(who);
        await new Promise((r) => setTimeout(r, 300));
        return fn();
      }),
  };
}

describe.skipIf(skipReason !== undefined)(`legal aid on PostgreSQL, two apps${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  const apps: ComposedApp[] = [];
  const pools: pg.Pool[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    for (const p of pools.splice(0)) await p.end();
    for (const drop of drops.splice(0)) await drop();
  });

  async function composeOn(databaseUrl: string, jobLock: JobLock): Promise<{ app: ComposedApp; file: string }> {
    const dir = tempDir();
    const file = path.join(dir, 'tthc.sqlite');
    const catalogue = new FakeCatalogue();
    const app = await composeApp({
      config: loadConfig({ ...SHARED_ENV, DATA_DIR: dir, DATABASE_URL: databaseUrl }),
      logger: createSilentLogger(),
      assistant: { catalogue, retriever: new FakeRetriever(catalogue), databaseFile: file, clock: () => new Date(MONDAY_MORNING), jobLock },
    });
    apps.push(app);
    return { app, file };
  }

  it('a case opened through the bot on app A is in PostgreSQL, not in SQLite, and app B reads it; one tick runs on one app', async () => {
    const db = await createTestDatabase('t_legal');
    drops.push(db.drop);
    const ran: string[] = [];
    // Each "process" has its own pool for its lock, as each app has its own.
    const lockPool = () => {
      const p = new pg.Pool({ connectionString: db.url, max: 2 });
      pools.push(p);
      return p;
    };
    const a = await composeOn(db.url, slowed(new PgJobLock(lockPool()), ran, 'A'));
    const b = await composeOn(db.url, slowed(new PgJobLock(lockPool()), ran, 'B'));
    const aidA = a.app.assistant.legalAid!;
    const aidB = b.app.assistant.legalAid!;

    // The rota, imported through app A, is what app B reads.
    const points = servicePointsFromWards((await loadAdminUnits()).hanoiWards());
    const baDinh = points.find((p) => p.name === 'Phường Ba Đình')!.code;
    await aidA.rota.importRota({ servicePoints: points, lawyers: [lawyer('L1', { name: 'Nguyễn Văn Mẫu' })], schedule: { shifts: [shift('L1', baDinh, 1)], exceptions: [] } });
    expect((await aidB.rota.getLawyer('L1'))?.name).toBe('Nguyễn Văn Mẫu');
    expect((await aidB.rota.counts()).servicePoints).toBe(points.length);

    // The citizen tells the bot on app A, walks the intake by its buttons, and gets a case id.
    const citizen = a.app.assistant.createLocalAdapter({ channelId: 'directline', userId: 'citizen-legal', conversationId: 'conv-legal', servicePoint: 'Phường Ba Đình' });
    let reply = await citizen.send('Nhà hàng xóm xây tường lấn sang đất nhà tôi gần một mét, tôi nói thì họ không chịu dỡ, giờ tôi phải làm sao?');
    const said = [reply.text];
    const prefer = [TRIAGE_BUTTONS.wantLawyer, TRIAGE_BUTTONS.agree, TRIAGE_BUTTONS.noGroup, TRIAGE_BUTTONS.morning, TRIAGE_BUTTONS.send];
    let caseId: string | undefined;
    for (let step = 0; step < 12 && !caseId; step++) {
      const choice = prefer.find((p) => reply.suggestedActions.includes(p)) ?? reply.suggestedActions[0];
      expect(choice, `no button to continue after: ${said.join('\n---\n')}`).toBeDefined();
      reply = await citizen.send(choice!);
      said.push(reply.text);
      caseId = /HN-[A-Z0-9]+-TV-\d{4}-\d{4}/.exec(said.join('\n'))?.[0];
    }
    expect(caseId, said.join('\n---\n')).toBeDefined();

    // App B reads the case, routed to the lawyer on duty, and its lawyer chat.
    const seen = await aidB.cases.get(caseId!);
    expect(seen).toMatchObject({ id: caseId, status: 'offered', lawyerId: 'L1', ward: baDinh, legalArea: 'DAT_DAI', userId: 'citizen-legal' });
    expect(await aidB.cases.listOffers(caseId!)).toEqual([expect.objectContaining({ lawyerId: 'L1', status: 'offered' })]);
    await aidA.service.citizenMessage(caseId!, 'Nhà tôi có sổ đỏ từ năm 2005');
    await aidA.notes.add({ caseId: caseId!, authorId: 'u-1', authorName: 'LS Nguyễn Văn Mẫu', text: 'Hẹn gặp thứ Hai' });
    expect((await aidB.transcript.list(caseId!)).map((e) => e.text)).toContain('Nhà tôi có sổ đỏ từ năm 2005');
    expect((await aidB.notes.list(caseId!)).map((n) => n.text)).toEqual(['Hẹn gặp thứ Hai']);

    // In PostgreSQL, sealed; in neither SQLite file.
    const look = new pg.Client({ connectionString: db.url });
    await look.connect();
    try {
      expect((await look.query(`SELECT id FROM cases`)).rows).toEqual([{ id: caseId }]);
      const raw = JSON.stringify((await look.query(`SELECT * FROM cases`)).rows) + JSON.stringify((await look.query(`SELECT * FROM console_transcript`)).rows);
      expect(raw).not.toContain('sổ đỏ');
      expect(raw).not.toContain('lấn sang');
    } finally {
      await look.end();
    }
    for (const file of [a.file, b.file]) {
      const lite = openDatabase(file);
      try {
        const tables = (lite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('cases', 'rota_lawyers', 'console_transcript', 'console_notes')`).all() as Array<{ name: string }>).map((t) => t.name);
        for (const t of tables) expect({ file, t, n: (lite.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n }).toEqual({ file, t, n: 0 });
      } finally {
        lite.close();
      }
    }

    // Both schedulers tick at once, three rounds: each round runs on exactly one app.
    for (let round = 0; round < 3; round++) {
      ran.length = 0;
      const runs = await Promise.all([aidA.scheduledTick(), aidB.scheduledTick()]);
      expect({ round, ran: runs.filter((r) => r.ran).length, entered: ran.length }).toEqual({ round, ran: 1, entered: 1 });
    }
    // Once the holder is done, the lock is free again: a tick alone runs.
    expect((await aidB.scheduledTick()).ran).toBe(true);
  }, 120_000);

  it('with in-process locks (what SQLite deployments use) the two apps would both tick: the test above depends on the shared lock', async () => {
    const db = await createTestDatabase('t_legal');
    drops.push(db.drop);
    const ran: string[] = [];
    const a = await composeOn(db.url, slowed(new MemoryJobLock(), ran, 'A'));
    const b = await composeOn(db.url, slowed(new MemoryJobLock(), ran, 'B'));
    const runs = await Promise.all([a.app.assistant.legalAid!.scheduledTick(), b.app.assistant.legalAid!.scheduledTick()]);
    expect(runs.filter((r) => r.ran)).toHaveLength(2);
    // Within one app the in-process lock still skips a tick that overlaps its own.
    const same = await Promise.all([a.app.assistant.legalAid!.scheduledTick(), a.app.assistant.legalAid!.scheduledTick()]);
    expect(same.filter((r) => r.ran)).toHaveLength(1);
  }, 120_000);
});

import { checkPgConnection, createPgPool, migratePostgres, PgConfigError } from '../../storage/postgres/index.js';

const USAGE = `Usage: DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE npm run tthc -- db:migrate
  Applies the PostgreSQL migrations (storage/postgres/migrations) that the database does not
  have yet, each in its own transaction, one process at a time. Safe to run again.
  The SQLite stores need no command: they migrate themselves when the app starts.
`;

/**
 * `db:migrate`: brings the PostgreSQL database named by `DATABASE_URL` up to this build's
 * schema. Exit 0 when it is up to date (whether or not anything was applied), 1 when the
 * server cannot be reached or a migration fails (nothing of that migration is kept), 2 on
 * usage errors.
 */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.length > 0) {
    process.stderr.write(`db:migrate takes no arguments (got ${args.join(' ')}).\n\n${USAGE}`);
    return 2;
  }
  // The composition root's config does not read DATABASE_URL yet (storage/postgres/README.md).
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(`DATABASE_URL is not set.\n\n${USAGE}`);
    return 2;
  }
  let pool;
  try {
    pool = createPgPool(url, { max: 1, applicationName: 'tro-ly-tthc db:migrate' });
    await checkPgConnection(pool, url);
    const result = await migratePostgres(pool);
    for (const name of result.applied) process.stdout.write(`applied ${name}\n`);
    process.stdout.write(
      result.applied.length === 0
        ? `Database is up to date (${result.skipped.length} migrations already applied).\n`
        : `${result.applied.length} migration(s) applied, ${result.skipped.length} already there.\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`db:migrate: ${err instanceof PgConfigError ? err.message : ((err as Error).message ?? String(err))}\n`);
    return 1;
  } finally {
    await pool?.end();
  }
}

/**
 * PostgreSQL storage (issue 16, first part): the pool from `DATABASE_URL`, the versioned
 * migration runner, and the channel-queue stores. See README.md for what is left.
 */
export { createPgPool, checkPgConnection, describePgUrl, PgConfigError, type PgPoolOptions } from './pool.js';
export { pgDb, type PgDb } from './db.js';
export { migratePostgres, loadMigrations, MIGRATIONS_DIR, MIGRATION_LOCK_KEY, type PgMigration, type MigrateResult } from './migrate.js';
export { PgZaloInbox } from './zalo-inbox.js';
export { PgZaloOutbox } from './zalo-outbox.js';
export { PgZaloTokenStore } from './zalo-token-store.js';
export { createPgChannelQueues } from './channel-queues.js';
export { PgCaseStore, type PgCaseStoreOptions } from './case-store.js';
export { PgProfileStore } from './profile-store.js';
export { PgFileStore, type PgFileStoreOptions, type PgStoredFile } from './file-store.js';
export { PgFeedbackStore } from './feedback-store.js';
export { PgTurnLog, rebuildRollups } from './turn-log.js';
export { PgDirectLineStore } from './directline-store.js';
export { PgEventBus, channelName, type PgEventBusOptions, type PgEventBusStatus } from './events.js';
export { PgRateLimitStore } from './rate-limits.js';
export { PgConsoleUsers } from './console-users.js';
export { PgConsoleSessions } from './console-sessions.js';
export { PgAccessLog } from './console-access-log.js';
export { PgStorage } from './bot-state.js';
export { PgJobLock, JOB_LOCK_NAMESPACE } from './job-lock.js';
export { PgRotaStore, ROTA_LOCK_KEY } from './rota-store.js';
export { PgTranscriptStore } from './console-transcript.js';
export { PgConsoleNotes } from './console-notes.js';
export { PgAnalytics } from './analytics.js';
export { PgTurnLock, TURN_LOCK_NAMESPACE } from './turn-lock.js';

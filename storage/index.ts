export { openDatabase, migrate, type Db } from './sqlite.js';
export * from './case-store.js';
export { SqliteDirectLineStore, activityIdFor, type StoredActivity, type DirectLineConversationRow } from './directline-store.js';
export { SqliteFileStore, loadOrCreateFileLinkKey, type SqliteFileStoreOptions, type StoredFile } from './file-store.js';
export { createSealedBox, loadOrCreateProfileKey, parseKey, type SealedBox } from './crypto.js';
export { SqliteProfileStore, PROFILE_STORE_MIGRATIONS } from './profile-store.js';
export { SqliteZaloInbox, type InboxEvent, type InboxCounts } from './zalo-inbox.js';
export { SqliteZaloOutbox, type OutboxItem, type OutboxRecord, type OutboxCounts } from './zalo-outbox.js';
export { SqliteZaloTokenStore, type StoredTokens, type TokenSealer } from './zalo-token-store.js';

export { openDatabase, migrate, type Db } from './sqlite.js';
export * from './case-store.js';
export { SqliteDirectLineStore, activityIdFor, type StoredActivity, type DirectLineConversationRow } from './directline-store.js';
export { SqliteFileStore, createFileStore, loadOrCreateFileLinkKey, type SqliteFileStoreOptions, type StoredFile } from './file-store.js';
export { createSecretBox, loadOrCreateProfileKey, parseKey, type SecretBox } from './crypto.js';
export {
  SqliteProfileStore,
  PROFILE_STORE_MIGRATIONS,
  type ProfileStore,
  type ProfileSubject,
  type StoredProfile,
} from './profile-store.js';

/**
 * Every port of the domain, in one place: what the core needs from storage, channels and
 * the outside world. `storage/` and `channels/` implement these; nothing here imports them.
 * One file per port family; add yours and export it here.
 */
export * from './feedback.js';
export * from './logger.js';
export type * from './delivery.js';
export type * from './files.js';
export type * from './turn-log.js';
export type * from './erasure.js';
export type * from './cases.js';
export type * from './sealed-box.js';
export type * from './profiles.js';
export type * from './channel-queues.js';
export * from './console.js';
export type * from './rephraser.js';
export * from './events.js';
export * from './rate-limits.js';
export * from './directline.js';
export type * from './job-lock.js';
export type * from './bot-state.js';
export type * from './analytics.js';
export * from './turn-lock.js';

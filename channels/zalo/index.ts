/**
 * The Zalo Official Account channel. `createZaloChannel(deps)` builds it from the stores and
 * keys the composition root hands over and returns its parts (`channel.parts`); nothing here
 * mounts or starts itself. Code map: README.md "For developers".
 */
export { createZaloChannel, readiness, zaloStatus } from './channel.js';
export type { ZaloChannel, ZaloChannelConfig, ZaloChannelDeps, ZaloHealth, ZaloStatus, ZaloTuning, SubmitInfoHandler, SubmittedInfo, TurnRunner } from './channel.js';
export { ZaloAdapter, ZALO_CAPABILITIES, ZALO_CHANNEL_ID, activityFromEvent, conversationIdFor, userIdFromConversation } from './adapter.js';
export { ZaloApiClient, ZaloApiError, classifyFailure } from './api-client.js';
export { ZaloTokenManager } from './token-manager.js';
export { renderForZalo, fromActivity, fromOutgoing, ZALO_LIMITS } from './render.js';
export type { OutboxPayload, ZaloMessage, ZaloButton } from './render.js';
export { computeZaloSignature, signatureHeader, verifyZaloSignature } from './signature.js';
export { zaloEventSchema, classifyEvent } from './events.js';
export type { ZaloEvent } from './events.js';
export type { Clock, Sleep } from './time.js';

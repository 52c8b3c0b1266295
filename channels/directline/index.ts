export {
  DirectLineAdapter,
  DIRECTLINE_CHANNEL_ID,
  WEBCHAT_CAPABILITIES,
  type ActivityBot,
  type DirectLineAdapterOptions,
  type DirectLineListener,
} from './adapter.js';
export {
  createDirectLineEndpoint,
  directLineErrorHandler,
  DEFAULT_LIMITS,
  type DirectLineEndpoint,
  type DirectLineEndpointOptions,
  type DirectLineLimits,
} from './endpoint.js';
export { TokenService, secretFingerprint, type TokenClaims } from './tokens.js';
export { loadOrCreateSecret } from './secret.js';
export { RateLimiter, type BucketSpec } from '../rate-limit.js';
export { createDirectLineChannel, DEFAULT_STREAM_LIMITS, type DirectLineChannel, type DirectLineChannelDeps } from './channel.js';

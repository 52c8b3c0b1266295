/** What every channel hands the composition root. Channels' own modules are imported by path (`channels/zalo/index.js`). */
export type { ChannelParts, ChannelStatus, ChannelWorker, HealthCheck, HealthReport, HealthState } from './parts.js';

export { LocalAdapter, type LocalAdapterOptions, type TurnReply, type TurnRunner } from './adapter.js';

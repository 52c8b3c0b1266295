import express from 'express';
import { describe, expect, it } from 'vitest';
import { clientAddress, RateLimiter } from './rate-limit.js';

/** Express's own compiled trust function for a TRUST_PROXY value. */
const trustFor = (value: unknown) => {
  const app = express();
  app.set('trust proxy', value);
  return app.get('trust proxy fn') as (addr: string, hop: number) => boolean;
};

describe('clientAddress (WebSocket upgrades resolve the client as req.ip does)', () => {
  it('believes X-Forwarded-For only through trusted hops', () => {
    const loopback = trustFor('loopback');
    expect(clientAddress('127.0.0.1', '198.51.100.9', loopback)).toBe('198.51.100.9');
    // A client cannot push a fake address through the proxy: the proxy appends the real one.
    expect(clientAddress('127.0.0.1', '10.9.9.9, 198.51.100.9', loopback)).toBe('198.51.100.9');
    expect(clientAddress('203.0.113.5', '198.51.100.9', loopback)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', '198.51.100.9', trustFor(false))).toBe('127.0.0.1');
    expect(clientAddress('10.0.0.2', '198.51.100.9, 10.0.0.1', trustFor(2))).toBe('198.51.100.9');
    expect(clientAddress('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
  });
});

describe('RateLimiter', () => {
  it('refunds a token (a login that succeeded) and never takes tokens when the clock goes back', () => {
    let t = 1_000_000;
    const l = new RateLimiter({ capacity: 2, refillPerSecond: 0.001 }, () => t);
    expect(l.take('a')).toBe(0);
    expect(l.take('a')).toBe(0);
    expect(l.take('a')).toBeGreaterThan(0);
    l.refund('a');
    expect(l.take('a')).toBe(0);
    t -= 60_000;
    l.refund('a');
    expect(l.take('a')).toBe(0);
  });
});

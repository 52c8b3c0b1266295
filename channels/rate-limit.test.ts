import express from 'express';
import { describe, expect, it } from 'vitest';
import { clientAddress, perMinute, RateLimiter } from './rate-limit.js';

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

describe('RateLimiter.acquire (waits instead of refusing: calls to Zalo under its per-app limit)', () => {
  /** A fake clock whose sleep advances time, recording each wait. */
  const fakeTime = () => {
    const t = { now: 0, waits: [] as number[] };
    return { t, clock: () => t.now, sleep: async (ms: number) => void (t.waits.push(ms), (t.now += ms)) };
  };

  it('lets a burst of one second through at once, then paces at the sustained rate', async () => {
    const { t, clock, sleep } = fakeTime();
    const l = new RateLimiter(perMinute(120), clock); // 2/s, burst 2
    await l.acquire('zalo', sleep);
    await l.acquire('zalo', sleep);
    expect(t.waits).toEqual([]);
    await l.acquire('zalo', sleep);
    await l.acquire('zalo', sleep);
    expect(t.waits).toEqual([500, 500]);
    expect(t.now).toBe(1000);
  });

  it('over a minute never lets more than the limit plus the burst through', async () => {
    const { t, clock, sleep } = fakeTime();
    const l = new RateLimiter(perMinute(3000), clock);
    let calls = 0;
    while (t.now < 60_000) {
      await l.acquire('zalo', sleep);
      if (t.now < 60_000) calls++;
    }
    expect(calls).toBeLessThanOrEqual(3000 + 50);
    expect(calls).toBeGreaterThanOrEqual(2990);
  });

  it('keys are independent and take() reports whole seconds for Retry-After', async () => {
    const { clock, sleep } = fakeTime();
    const l = new RateLimiter({ capacity: 1, refillPerSecond: 0.4 }, clock);
    await l.acquire('a', sleep);
    expect(l.take('a')).toBe(3); // 2.5 s to the next token, rounded up
    expect(l.take('b')).toBe(0);
  });

  it('rejects a spec that could never refill', () => {
    expect(() => new RateLimiter(perMinute(0))).toThrow(RangeError);
    expect(() => new RateLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(perMinute(30)).toEqual({ capacity: 1, refillPerSecond: 0.5 });
  });
});

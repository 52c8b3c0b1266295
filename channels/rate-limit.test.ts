import express from 'express';
import { describe, expect, it } from 'vitest';
import type { RateLimitStore } from '../bot/ports/index.js';
import { MemoryRateLimitStore } from '../storage/rate-limits-memory.js';
import { clientAddress, FAIL_CLOSED_RETRY_SECONDS, perMinute, RateLimiter } from './rate-limit.js';

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
  it('refunds a token (a login that succeeded) and never takes tokens when the clock goes back', async () => {
    let t = 1_000_000;
    const l = new RateLimiter({ capacity: 2, refillPerSecond: 0.001 }, { prefix: 'test', now: () => t });
    expect(await l.take('a')).toBe(0);
    expect(await l.take('a')).toBe(0);
    expect(await l.take('a')).toBeGreaterThan(0);
    await l.refund('a');
    expect(await l.take('a')).toBe(0);
    t -= 60_000;
    await l.refund('a');
    expect(await l.take('a')).toBe(0);
  });

  it('limiters on one store share a budget per prefix and key, and prefixes never collide', async () => {
    let t = 0;
    const store = new MemoryRateLimitStore(() => t);
    const spec = { capacity: 3, refillPerSecond: 1 };
    // Two processes' limiters on one (shared) store: one budget.
    const a = new RateLimiter(spec, { prefix: 'login:ip', store });
    const b = new RateLimiter(spec, { prefix: 'login:ip', store });
    const other = new RateLimiter(spec, { prefix: 'dl:ip', store });
    expect([await a.take('1.2.3.4'), await b.take('1.2.3.4'), await a.take('1.2.3.4')]).toEqual([0, 0, 0]);
    expect(await b.take('1.2.3.4')).toBe(1);
    expect(await other.take('1.2.3.4')).toBe(0);
    t += 1000;
    expect(await b.take('1.2.3.4')).toBe(0);
    // The bucket arithmetic of the port: capacity 3 refilled 1/s is limit 3 per 3 s.
    const takes: Array<Parameters<MemoryRateLimitStore['take']>> = [];
    const spy: RateLimitStore = { take: (...args) => (takes.push(args), store.take(...args)), refund: store.refund.bind(store), purgeIdle: () => store.purgeIdle() };
    await new RateLimiter(spec, { prefix: 'web:token', store: spy }).take('x');
    expect(takes).toEqual([['web:token:x', 1, 3, 3000]]);
  });

  it('a failing store lets citizens through but refuses logins, and logs without the key', async () => {
    const down: RateLimitStore = {
      take: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      refund: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      purgeIdle: () => Promise.reject(new Error('down')),
    };
    const logged: unknown[] = [];
    const logger = { error: (obj: unknown, msg?: string) => void logged.push([obj, msg]) };
    const spec = { capacity: 1, refillPerSecond: 1 };
    const citizen = new RateLimiter(spec, { prefix: 'dl:ip', store: down, logger });
    const login = new RateLimiter(spec, { prefix: 'login:ip', store: down, logger, onStoreError: 'closed' });
    expect(await citizen.take('203.0.113.7')).toBe(0);
    await citizen.acquire('203.0.113.7', () => Promise.reject(new Error('must not sleep')));
    expect(await login.take('203.0.113.7')).toBe(FAIL_CLOSED_RETRY_SECONDS);
    await expect(login.refund('203.0.113.7')).resolves.toBeUndefined();
    expect(logged).toHaveLength(4);
    expect(JSON.stringify(logged)).not.toContain('203.0.113.7');
    expect(JSON.stringify(logged)).toContain('login:ip');
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
    const l = new RateLimiter(perMinute(120), { prefix: 'zalo:out', now: clock }); // 2/s, burst 2
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
    const l = new RateLimiter(perMinute(3000), { prefix: 'zalo:out', now: clock });
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
    const l = new RateLimiter({ capacity: 1, refillPerSecond: 0.4 }, { prefix: 'test', now: clock });
    await l.acquire('a', sleep);
    expect(await l.take('a')).toBe(3); // 2.5 s to the next token, rounded up
    expect(await l.take('b')).toBe(0);
  });

  it('rejects a spec that could never refill, and a limiter without a name', () => {
    expect(() => new RateLimiter(perMinute(0), { prefix: 'x' })).toThrow(RangeError);
    expect(() => new RateLimiter({ capacity: 0, refillPerSecond: 1 }, { prefix: 'x' })).toThrow(RangeError);
    expect(() => new RateLimiter({ capacity: 1, refillPerSecond: 1 }, { prefix: '' })).toThrow(RangeError);
    expect(perMinute(30)).toEqual({ capacity: 1, refillPerSecond: 0.5 });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES, AppError, ERROR_CODES, type ErrorCode } from './errors.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KINDS = 'bad_request|unauthorized|forbidden|not_found|conflict|payload_too_large|rate_limited|unavailable|internal';

/** Production source files (no tests, no dependencies, no data). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'datasets' || e.name.includes('blind')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

describe('error codes', () => {
  it.each(ALL_ERROR_CODES)('%s has a status, a citizen message and a meaning', (code) => {
    const e = new AppError(code, 'x');
    expect(code).toMatch(new RegExp(`^(${KINDS}):[a-z][a-z_]*$`));
    expect([400, 401, 403, 404, 409, 413, 429, 500, 503]).toContain(e.status);
    expect(e.citizenMessage).toMatch(/^Dạ, .+\.$/u);
    expect(ERROR_CODES[code].length).toBeGreaterThan(10);
    expect(e.toJSON()).toEqual({ error: { code, message: 'x' } });
  });

  it('maps kinds to the HTTP statuses the edges rely on', () => {
    const status = (c: ErrorCode) => new AppError(c, '').status;
    expect(status('bad_request:json')).toBe(400);
    expect(status('unauthorized:zalo_signature')).toBe(401);
    expect(status('forbidden:console_csrf')).toBe(403);
    expect(status('not_found:route')).toBe(404);
    expect(status('conflict:storage_etag')).toBe(409);
    expect(status('payload_too_large:body')).toBe(413);
    expect(status('rate_limited:directline_ip')).toBe(429);
    expect(status('internal:server')).toBe(500);
    expect(status('unavailable:zalo_token')).toBe(503);
  });

  it('every code literal in the source is declared (codes passed around as strings included)', () => {
    const used = new Map<string, string>();
    for (const file of sourceFiles(ROOT)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(new RegExp(`['"\`]((?:${KINDS}):[a-z_]+)['"\`]`, 'g'))) used.set(m[1]!, path.relative(ROOT, file));
    }
    expect(used.size).toBeGreaterThan(100);
    const undeclared = [...used].filter(([c]) => !(c in ERROR_CODES));
    expect(undeclared).toEqual([]);
  });
});

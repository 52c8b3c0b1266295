import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('security and retention settings', () => {
  it('parses TRUST_PROXY as express expects it', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('keeps the default key file out of DATA_DIR (tests excepted) and honours PROFILE_KEY_FILE', () => {
    const prod = loadConfig({ DATA_DIR: '/srv/tthc/data', XDG_CONFIG_HOME: '/etc/xdg-test', NODE_ENV: 'production' });
    expect(prod.profileKeyFile.startsWith('/srv/tthc/data')).toBe(false);
    expect(prod.profileKeyFile).toMatch(/^\/etc\/xdg-test\/tro-ly-tthc\/keys\/[0-9a-f]{16}\/profile\.key$/);
    // One key directory per data directory.
    expect(loadConfig({ DATA_DIR: '/srv/other', XDG_CONFIG_HOME: '/etc/xdg-test' }).profileKeyFile).not.toBe(prod.profileKeyFile);
    expect(loadConfig({ DATA_DIR: '/tmp/t1', NODE_ENV: 'test' }).profileKeyFile).toBe(path.join('/tmp/t1', 'profile.key'));
    expect(loadConfig({ PROFILE_KEY_FILE: '/run/secrets/tthc.key' }).profileKeyFile).toBe('/run/secrets/tthc.key');
  });

  it('has retention periods with defaults, overridable', () => {
    expect(loadConfig({}).retention).toEqual({ transcriptDays: 30, turnLogDays: 90, botStateDays: 30, feedbackDays: 180, sweepMinutes: 60 });
    expect(loadConfig({ RETENTION_TRANSCRIPT_DAYS: '7' }).retention.transcriptDays).toBe(7);
    expect(() => loadConfig({ RETENTION_TURN_LOG_DAYS: '-1' })).toThrow(/RETENTION_TURN_LOG_DAYS/);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs offline with defaults and nothing set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3978);
    expect(c.dataDir).toBe(path.resolve('./.data'));
    expect(c.zalo).toBeUndefined();
    expect(c.llm).toBeUndefined();
    expect(c.embeddings).toBeUndefined();
  });

  it('reads the deployment province, Hà Nội by default (DEPLOYMENT_PROVINCE)', () => {
    expect(loadConfig({}).deploymentProvince).toBe('Hà Nội');
    expect(loadConfig({ DEPLOYMENT_PROVINCE: ' Đà Nẵng ' }).deploymentProvince).toBe('Đà Nẵng');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', ZALO_APP_ID: ' ' }).port).toBe(3978);
  });

  it('turns the Zalo channel on only when all three keys are set', () => {
    const c = loadConfig({ ZALO_APP_ID: 'a', ZALO_APP_SECRET: 'b', ZALO_OA_SECRET_KEY: 'c' });
    expect(c.zalo).toMatchObject({ appId: 'a', appSecret: 'b', oaSecretKey: 'c', apiBase: 'https://openapi.zalo.me' });
  });

  it('reports every problem at once, naming what is missing', () => {
    let error: unknown;
    try {
      loadConfig({ ZALO_APP_ID: 'a', LLM_BASE_URL: 'http://127.0.0.1:8000/v1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('ZALO_APP_SECRET');
    expect(problems).toContain('ZALO_OA_SECRET_KEY');
    expect(problems).toContain('LLM_BASE_URL and LLM_MODEL');
  });

  it('selects PostgreSQL by DATABASE_URL, checked for shape with the password kept out of the message', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: ' ' }).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://tthc:pw@db.internal:5432/tthc' }).databaseUrl).toBe('postgres://tthc:pw@db.internal:5432/tthc');
    const problems = (url: string) => {
      try {
        loadConfig({ DATABASE_URL: url, ZALO_APP_ID: 'a' });
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
      return '';
    };
    expect(problems('mysql://u:pw@h/db')).toMatch(/DATABASE_URL: .*postgres:\/\//);
    expect(problems('postgres://u:secret-pw@h:5432/')).toMatch(/DATABASE_URL: .*names no database/);
    expect(problems('postgres://u:secret-pw@h:5432/')).not.toContain('secret-pw');
    // Reported together with the other problems.
    expect(problems('not a url')).toMatch(/ZALO_APP_SECRET[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*ZALO_APP_SECRET/);
  });

  it('rejects malformed values with the variable name', () => {
    expect(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/);
  });
});

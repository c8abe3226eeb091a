import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './.data',
      databaseUrl: undefined,
      publicOrigin: undefined,
      signupCredits: 25,
      tileCost: 1,
      stepLeaseSeconds: 60,
      sessionTtlSeconds: 30 * 86_400,
      logLevel: 'info',
      generator: { kind: 'mock' },
    });
    expect(config.adminEmails.size).toBe(0);
  });

  it('reads and normalises every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/exq',
      PUBLIC_ORIGIN: 'https://Exquisite.Example/some/path',
      EXQUISITE_ADMIN_EMAILS: ' Root@Example.Test , ops@example.test ,',
      SIGNUP_CREDITS: '5',
      TILE_COST: '2',
      STEP_LEASE_SECONDS: '3',
      SHUTDOWN_GRACE_MS: '100',
      LOG_LEVEL: 'WARN',
      OPENAI_API_KEY: 'sk-test',
    });
    expect(config.port).toBe(8080);
    expect(config.publicOrigin).toBe('https://exquisite.example');
    expect([...config.adminEmails]).toEqual(['root@example.test', 'ops@example.test']);
    expect(config.logLevel).toBe('warn');
    expect(config.generator.kind).toBe('openai');
    expect(config.stepLeaseSeconds).toBe(3);
  });

  it('reports every bad value at once, each with its variable name', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        PUBLIC_ORIGIN: 'ftp://x',
        TILE_COST: '-1',
        LOG_LEVEL: 'loud',
        EXQUISITE_ADMIN_EMAILS: 'not-an-email',
        GENERATOR: 'magic',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'PUBLIC_ORIGIN',
      'TILE_COST',
      'LOG_LEVEL',
      'EXQUISITE_ADMIN_EMAILS',
      'GENERATOR',
    ]) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).problems).toHaveLength(7);
  });
});

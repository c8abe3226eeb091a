import { type GeneratorConfig, parseGeneratorConfig } from '@exquisite/generator';

/**
 * Server configuration, read once from the environment at start-up. Every bad value is reported
 * with its variable's name, all at once, so an operator fixes a deployment in one go.
 */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The app's own origin (scheme://host[:port]); the request's own origin is used when unset. */
  publicOrigin: string | undefined;
  /** Lower-cased emails that hold the admin role. */
  adminEmails: ReadonlySet<string>;
  signupCredits: number;
  tileCost: number;
  stepLeaseSeconds: number;
  shutdownGraceMs: number;
  sessionTtlSeconds: number;
  logLevel: LogLevel;
  generator: GeneratorConfig;
  /** Login throttling: failures allowed per email+address within the window. */
  loginMaxFailures: number;
  loginWindowSeconds: number;
  /** log2 of the scrypt cost for new password hashes (existing hashes carry their own). */
  passwordLogN: number;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = read(name);
    if (value === undefined) return fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= min && parsed <= max)) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  };

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  let publicOrigin: string | undefined;
  const origin = read('PUBLIC_ORIGIN');
  if (origin !== undefined) {
    try {
      const url = new URL(origin);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      publicOrigin = url.origin;
    } catch {
      problems.push(
        `PUBLIC_ORIGIN must be an http(s) origin such as https://exquisite.example (got "${origin}")`,
      );
    }
  }

  const adminEmails = new Set<string>();
  for (const entry of (read('EXQUISITE_ADMIN_EMAILS') ?? '').split(',')) {
    const email = entry.trim().toLowerCase();
    if (email === '') continue;
    if (!email.includes('@'))
      problems.push(`EXQUISITE_ADMIN_EMAILS has an entry that is not an email: "${email}"`);
    else adminEmails.add(email);
  }

  const logLevel = (read('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }

  let generator: GeneratorConfig = { kind: 'mock', latencyMs: 0, drift: 0, failures: false };
  try {
    generator = parseGeneratorConfig(env);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }

  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65_535),
    host: read('HOST') ?? '0.0.0.0',
    dataDir: read('DATA_DIR') ?? './.data',
    databaseUrl,
    publicOrigin,
    adminEmails,
    signupCredits: integer('SIGNUP_CREDITS', 25, 0, 1_000_000),
    tileCost: integer('TILE_COST', 1, 0, 1_000),
    stepLeaseSeconds: integer('STEP_LEASE_SECONDS', 60, 1, 3_600),
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    sessionTtlSeconds: integer('SESSION_TTL_DAYS', 30, 1, 365) * 86_400,
    logLevel: logLevel as LogLevel,
    generator,
    loginMaxFailures: integer('LOGIN_MAX_FAILURES', 10, 1, 1_000),
    loginWindowSeconds: integer('LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
    passwordLogN: 15,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Generator configuration, read once from the environment at start-up. Bad values fail
 * loudly with the variable's name instead of surfacing later as a confusing step failure.
 */
export const DEFAULT_OPENAI_MODEL = 'gpt-image-1.5';
export const DEFAULT_OPENAI_TIMEOUT_MS = 120_000;
export const DEFAULT_OPENAI_MAX_ATTEMPTS = 4;

export const OPENAI_QUALITIES = ['low', 'medium', 'high', 'auto'] as const;
export type OpenAIQuality = (typeof OPENAI_QUALITIES)[number];
export const OPENAI_INPUT_FIDELITIES = ['low', 'high'] as const;
export type OpenAIInputFidelity = (typeof OPENAI_INPUT_FIDELITIES)[number];

/** Named drift amounts for GENERATOR_MOCK_DRIFT, so operators need not guess numbers. */
export const MOCK_DRIFT_PRESETS = { none: 0, subtle: 0.1, realistic: 0.25, strong: 0.6 } as const;
export type MockDriftPreset = keyof typeof MOCK_DRIFT_PRESETS;

export interface OpenAIGeneratorConfig {
  kind: 'openai';
  apiKey: string;
  baseURL: string | undefined;
  model: string;
  quality: OpenAIQuality | undefined;
  inputFidelity: OpenAIInputFidelity | undefined;
  timeoutMs: number;
  maxAttempts: number;
}

export interface MockGeneratorConfig {
  kind: 'mock';
  latencyMs: number;
  /** 0…1: global colour/brightness shift applied to the whole output. */
  drift: number;
  failures: boolean;
}

export type GeneratorConfig = OpenAIGeneratorConfig | MockGeneratorConfig;

export type GeneratorEnv = Readonly<Record<string, string | undefined>>;

export class GeneratorConfigError extends Error {
  override readonly name = 'GeneratorConfigError';
  readonly code = 'GENERATOR_CONFIG';
  /** The environment variable at fault. */
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

export function parseGeneratorConfig(env: GeneratorEnv): GeneratorConfig {
  const kind = readEnum(env, 'GENERATOR', ['mock', 'openai'] as const);
  const apiKey = read(env, 'OPENAI_API_KEY');
  const chosen = kind ?? (apiKey !== undefined ? 'openai' : 'mock');
  if (chosen === 'mock') {
    return {
      kind: 'mock',
      latencyMs: readInteger(env, 'GENERATOR_MOCK_LATENCY_MS', { min: 0, max: 600_000 }) ?? 0,
      drift: readDrift(env, 'GENERATOR_MOCK_DRIFT'),
      failures: readFlag(env, 'GENERATOR_MOCK_FAILURES'),
    };
  }
  if (apiKey === undefined) {
    throw new GeneratorConfigError('OPENAI_API_KEY', 'is required when GENERATOR=openai.');
  }
  return {
    kind: 'openai',
    apiKey,
    baseURL: readUrl(env, 'OPENAI_BASE_URL'),
    model: read(env, 'OPENAI_MODEL') ?? DEFAULT_OPENAI_MODEL,
    quality: readEnum(env, 'OPENAI_QUALITY', OPENAI_QUALITIES),
    inputFidelity: readEnum(env, 'OPENAI_INPUT_FIDELITY', OPENAI_INPUT_FIDELITIES),
    timeoutMs: readInteger(env, 'OPENAI_TIMEOUT_MS', { min: 1, max: 3_600_000 }) ?? DEFAULT_OPENAI_TIMEOUT_MS,
    maxAttempts: readInteger(env, 'OPENAI_MAX_ATTEMPTS', { min: 1, max: 10 }) ?? DEFAULT_OPENAI_MAX_ATTEMPTS,
  };
}

/** Unset and blank mean the same thing: deployment templates often export empty variables. */
function read(env: GeneratorEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function readEnum<const T extends readonly string[]>(
  env: GeneratorEnv,
  name: string,
  allowed: T,
): T[number] | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) {
    throw new GeneratorConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}").`);
  }
  return value;
}

function readInteger(
  env: GeneratorEnv,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new GeneratorConfigError(name, `must be a whole number (got "${value}").`);
  }
  const parsed = Number(value);
  if (parsed < range.min || parsed > range.max) {
    throw new GeneratorConfigError(name, `must be between ${range.min} and ${range.max} (got ${parsed}).`);
  }
  return parsed;
}

function readFlag(env: GeneratorEnv, name: string): boolean {
  const value = read(env, name)?.toLowerCase();
  if (value === undefined) return false;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new GeneratorConfigError(name, `must be 1 or 0 (got "${value}").`);
}

function readDrift(env: GeneratorEnv, name: string): number {
  const value = read(env, name);
  if (value === undefined) return 0;
  if (Object.hasOwn(MOCK_DRIFT_PRESETS, value)) return MOCK_DRIFT_PRESETS[value as MockDriftPreset];
  const parsed = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= 0 && parsed <= 1)) {
    const presets = Object.keys(MOCK_DRIFT_PRESETS).join(', ');
    throw new GeneratorConfigError(
      name,
      `must be a number from 0 to 1 or one of ${presets} (got "${value}").`,
    );
  }
  return parsed;
}

function readUrl(env: GeneratorEnv, name: string): string | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GeneratorConfigError(name, `must be an absolute http(s) URL (got "${value}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GeneratorConfigError(name, `must be an http(s) URL (got "${value}").`);
  }
  return value;
}

import { describe, expect, it } from 'vitest';
import { GeneratorConfigError, parseGeneratorConfig } from './config.js';
import { createGeneratorFromEnv } from './create.js';
import { MockImageProvider } from './mock/provider.js';
import { OpenAIImageProvider } from './openai/provider.js';

function configError(env: Record<string, string>): GeneratorConfigError {
  try {
    parseGeneratorConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(GeneratorConfigError);
    return error as GeneratorConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('parseGeneratorConfig', () => {
  it('defaults to the mock without an API key', () => {
    expect(parseGeneratorConfig({})).toEqual({ kind: 'mock', latencyMs: 0, drift: 0, failures: false });
  });

  it('chooses OpenAI with its defaults when OPENAI_API_KEY is set', () => {
    expect(parseGeneratorConfig({ OPENAI_API_KEY: 'sk-1' })).toEqual({
      kind: 'openai',
      apiKey: 'sk-1',
      baseURL: undefined,
      model: 'gpt-image-1.5',
      quality: undefined,
      inputFidelity: undefined,
      timeoutMs: 120_000,
      maxAttempts: 4,
    });
  });

  it('reads every OpenAI setting', () => {
    expect(
      parseGeneratorConfig({
        GENERATOR: 'openai',
        OPENAI_API_KEY: ' sk-2 ',
        OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1',
        OPENAI_MODEL: 'gpt-image-1',
        OPENAI_QUALITY: 'medium',
        OPENAI_INPUT_FIDELITY: 'high',
        OPENAI_TIMEOUT_MS: '30000',
        OPENAI_MAX_ATTEMPTS: '2',
      }),
    ).toEqual({
      kind: 'openai',
      apiKey: 'sk-2',
      baseURL: 'http://127.0.0.1:8080/v1',
      model: 'gpt-image-1',
      quality: 'medium',
      inputFidelity: 'high',
      timeoutMs: 30_000,
      maxAttempts: 2,
    });
  });

  it('lets GENERATOR=mock override a present API key, and reads mock settings', () => {
    expect(
      parseGeneratorConfig({
        GENERATOR: 'mock',
        OPENAI_API_KEY: 'sk-3',
        GENERATOR_MOCK_LATENCY_MS: '250',
        GENERATOR_MOCK_DRIFT: '0.3',
        GENERATOR_MOCK_FAILURES: '1',
      }),
    ).toEqual({ kind: 'mock', latencyMs: 250, drift: 0.3, failures: true });
  });

  it('accepts drift presets and treats blank variables as unset', () => {
    expect(parseGeneratorConfig({ GENERATOR_MOCK_DRIFT: 'realistic' })).toMatchObject({ drift: 0.25 });
    expect(parseGeneratorConfig({ GENERATOR_MOCK_DRIFT: 'none' })).toMatchObject({ drift: 0 });
    expect(parseGeneratorConfig({ OPENAI_API_KEY: '', GENERATOR: '  ' })).toMatchObject({ kind: 'mock' });
  });

  it.each([
    [{ GENERATOR: 'dalle' }, 'GENERATOR'],
    [{ GENERATOR: 'openai' }, 'OPENAI_API_KEY'],
    [{ OPENAI_API_KEY: 'k', OPENAI_QUALITY: 'ultra' }, 'OPENAI_QUALITY'],
    [{ OPENAI_API_KEY: 'k', OPENAI_INPUT_FIDELITY: 'medium' }, 'OPENAI_INPUT_FIDELITY'],
    [{ OPENAI_API_KEY: 'k', OPENAI_TIMEOUT_MS: '2m' }, 'OPENAI_TIMEOUT_MS'],
    [{ OPENAI_API_KEY: 'k', OPENAI_TIMEOUT_MS: '0' }, 'OPENAI_TIMEOUT_MS'],
    [{ OPENAI_API_KEY: 'k', OPENAI_MAX_ATTEMPTS: '0' }, 'OPENAI_MAX_ATTEMPTS'],
    [{ OPENAI_API_KEY: 'k', OPENAI_MAX_ATTEMPTS: '2.5' }, 'OPENAI_MAX_ATTEMPTS'],
    [{ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'localhost:8080' }, 'OPENAI_BASE_URL'],
    [{ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'ftp://127.0.0.1/v1' }, 'OPENAI_BASE_URL'],
    [{ GENERATOR_MOCK_DRIFT: '1.5' }, 'GENERATOR_MOCK_DRIFT'],
    [{ GENERATOR_MOCK_DRIFT: '-0.1' }, 'GENERATOR_MOCK_DRIFT'],
    [{ GENERATOR_MOCK_DRIFT: 'wild' }, 'GENERATOR_MOCK_DRIFT'],
    [{ GENERATOR_MOCK_LATENCY_MS: '-5' }, 'GENERATOR_MOCK_LATENCY_MS'],
    [{ GENERATOR_MOCK_FAILURES: 'maybe' }, 'GENERATOR_MOCK_FAILURES'],
  ])('rejects %j naming %s', (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.code).toBe('GENERATOR_CONFIG');
  });
});

describe('createGeneratorFromEnv', () => {
  it('builds the provider the environment asks for', () => {
    const mock = createGeneratorFromEnv({});
    expect(mock).toBeInstanceOf(MockImageProvider);
    expect(mock.name).toBe('mock');
    const openai = createGeneratorFromEnv({ OPENAI_API_KEY: 'sk-x', OPENAI_MODEL: 'gpt-image-1-mini' });
    expect(openai).toBeInstanceOf(OpenAIImageProvider);
    expect([openai.name, openai.model]).toEqual(['openai', 'gpt-image-1-mini']);
  });
});

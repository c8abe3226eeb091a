import { type GeneratorConfig, type GeneratorEnv, parseGeneratorConfig } from './config.js';
import { MockImageProvider } from './mock/provider.js';
import { OpenAIImageProvider } from './openai/provider.js';
import type { ImageProvider } from './provider.js';

/** Builds the provider a parsed configuration asks for. */
export function createGenerator(config: GeneratorConfig): ImageProvider {
  switch (config.kind) {
    case 'mock':
      return new MockImageProvider({
        latencyMs: config.latencyMs,
        drift: config.drift,
        failures: config.failures,
      });
    case 'openai':
      return new OpenAIImageProvider({
        apiKey: config.apiKey,
        baseURL: config.baseURL,
        model: config.model,
        quality: config.quality,
        inputFidelity: config.inputFidelity,
        timeoutMs: config.timeoutMs,
        maxAttempts: config.maxAttempts,
      });
  }
}

/** `GENERATOR=mock|openai` wins; otherwise OpenAI when OPENAI_API_KEY is set, else the mock. */
export function createGeneratorFromEnv(env: GeneratorEnv): ImageProvider {
  return createGenerator(parseGeneratorConfig(env));
}

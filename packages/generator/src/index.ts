export { abortReason, isAbortError, type Sleep, sleep, throwIfAborted } from './abort.js';
export {
  DEFAULT_OPENAI_MAX_ATTEMPTS,
  DEFAULT_OPENAI_MODEL,
  DEFAULT_OPENAI_TIMEOUT_MS,
  type GeneratorConfig,
  GeneratorConfigError,
  type GeneratorEnv,
  MOCK_DRIFT_PRESETS,
  type MockDriftPreset,
  type MockGeneratorConfig,
  OPENAI_INPUT_FIDELITIES,
  OPENAI_QUALITIES,
  type OpenAIGeneratorConfig,
  type OpenAIInputFidelity,
  type OpenAIQuality,
  parseGeneratorConfig,
} from './config.js';
export { createGenerator, createGeneratorFromEnv } from './create.js';
export {
  GENERATOR_ERROR_CODES,
  GeneratorError,
  type GeneratorErrorCode,
  type GeneratorErrorOptions,
  isGeneratorError,
  isGeneratorErrorCode,
  SAFETY_REFUSAL_MESSAGE,
} from './errors.js';
export { driftOffsets, MAX_DRIFT_LEVELS } from './mock/continue.js';
export {
  createMockProvider,
  MOCK_MODEL,
  MockImageProvider,
  type MockProviderOptions,
} from './mock/provider.js';
export { classifyOpenAIError, type OpenAIFailure, parseRetryAfter } from './openai/classify.js';
export { createOpenAIProvider, OpenAIImageProvider, type OpenAIProviderOptions } from './openai/provider.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './openai/retry.js';
export {
  type BuiltPrompt,
  buildPrompt,
  buildStartPrompt,
  PROMPT_TEMPLATE_VERSION,
  type PromptDirection,
} from './prompt.js';
export type { CreateRequest, EditRequest, GeneratedImage, ImageProvider } from './provider.js';
export {
  decodeBase64Strict,
  OUTPUT_SIDE_PX,
  type ValidateOutputOptions,
  validateOutputImage,
} from './validate-output.js';

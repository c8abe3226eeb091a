import OpenAI, { toFile } from 'openai';
import type { ImagesResponse } from 'openai/resources/images';
import { sleep as realSleep, type Sleep } from '../abort.js';
import type { OpenAIInputFidelity, OpenAIQuality } from '../config.js';
import { DEFAULT_OPENAI_MAX_ATTEMPTS, DEFAULT_OPENAI_MODEL, DEFAULT_OPENAI_TIMEOUT_MS } from '../config.js';
import { GeneratorError } from '../errors.js';
import type { CreateRequest, EditRequest, GeneratedImage, ImageProvider } from '../provider.js';
import { decodeBase64Strict, validateOutputImage } from '../validate-output.js';
import { classifyOpenAIError } from './classify.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry.js';
import { flattenUsage } from './usage.js';

export interface OpenAIProviderOptions {
  apiKey: string;
  /** Defaults to OpenAI's public endpoint; never read from process.env behind the caller's back. */
  baseURL?: string | undefined;
  model?: string | undefined;
  quality?: OpenAIQuality | undefined;
  inputFidelity?: OpenAIInputFidelity | undefined;
  /** Per-attempt timeout. */
  timeoutMs?: number | undefined;
  maxAttempts?: number | undefined;
  /** Backoff tuning; `maxAttempts` above wins over `retry.maxAttempts`. */
  retry?: Partial<RetryPolicy> | undefined;
  /** Injected in tests so backoff can be observed without waiting. */
  sleep?: Sleep | undefined;
  random?: (() => number) | undefined;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const PROVIDER_NAME = 'openai';

export class OpenAIImageProvider implements ImageProvider {
  readonly name = PROVIDER_NAME;
  readonly model: string;
  readonly #client: OpenAI;
  readonly #quality: OpenAIQuality | undefined;
  readonly #inputFidelity: OpenAIInputFidelity | undefined;
  readonly #policy: RetryPolicy;
  readonly #sleep: Sleep;
  readonly #random: () => number;

  constructor(options: OpenAIProviderOptions) {
    this.model = options.model ?? DEFAULT_OPENAI_MODEL;
    this.#quality = options.quality;
    this.#inputFidelity = options.inputFidelity;
    this.#policy = {
      ...DEFAULT_RETRY_POLICY,
      ...options.retry,
      maxAttempts: options.maxAttempts ?? options.retry?.maxAttempts ?? DEFAULT_OPENAI_MAX_ATTEMPTS,
    };
    this.#sleep = options.sleep ?? realSleep;
    this.#random = options.random ?? Math.random;
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? DEFAULT_BASE_URL,
      // The SDK's own retries resend the (billed) request without an idempotency key and
      // without our classification; we retry ourselves, transient failures only.
      maxRetries: 0,
      timeout: options.timeoutMs ?? DEFAULT_OPENAI_TIMEOUT_MS,
    });
  }

  async edit(req: EditRequest): Promise<GeneratedImage> {
    return this.#run(req.signal, async (signal) => {
      // Files are rebuilt per attempt: a consumed upload body cannot be replayed.
      const image = await toFile(req.image, 'reference.png', { type: 'image/png' });
      const mask = await toFile(req.mask, 'mask.png', { type: 'image/png' });
      return this.#client.images
        .edit(
          {
            model: this.model,
            image,
            mask,
            prompt: req.prompt,
            size: '1024x1024',
            n: 1,
            ...(this.#quality === undefined ? {} : { quality: this.#quality }),
            ...(this.#inputFidelity === undefined ? {} : { input_fidelity: this.#inputFidelity }),
          },
          signal === undefined ? {} : { signal },
        )
        .withResponse();
    });
  }

  async create(req: CreateRequest): Promise<GeneratedImage> {
    return this.#run(req.signal, (signal) =>
      this.#client.images
        .generate(
          {
            model: this.model,
            prompt: req.prompt,
            size: '1024x1024',
            n: 1,
            ...(this.#quality === undefined ? {} : { quality: this.#quality }),
          },
          signal === undefined ? {} : { signal },
        )
        .withResponse(),
    );
  }

  async #run(
    signal: AbortSignal | undefined,
    call: (signal: AbortSignal | undefined) => Promise<{ data: ImagesResponse; request_id: string | null }>,
  ): Promise<GeneratedImage> {
    const { value, attempts } = await withRetries(
      () => call(signal),
      classifyOpenAIError,
      this.#policy,
      { sleep: this.#sleep, random: this.#random },
      signal,
    );
    const requestId = value.request_id;
    const b64 = value.data.data?.[0]?.b64_json;
    try {
      if (typeof b64 !== 'string') {
        throw new GeneratorError('DECODE_ERROR', 'The image model answered without any image data.');
      }
      const image = await validateOutputImage(decodeBase64Strict(b64));
      return {
        image,
        provider: this.name,
        model: this.model,
        requestId,
        usage: flattenUsage(value.data.usage),
        attempts,
      };
    } catch (error) {
      // Bad output is not retried (it was billed); attach the request id for the operator.
      if (error instanceof GeneratorError) {
        throw new GeneratorError(error.code, error.message, {
          cause: error.cause ?? error,
          requestId,
          attempts,
        });
      }
      throw error;
    }
  }
}

export function createOpenAIProvider(options: OpenAIProviderOptions): OpenAIImageProvider {
  return new OpenAIImageProvider(options);
}

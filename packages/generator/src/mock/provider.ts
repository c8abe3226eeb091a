import sharp from 'sharp';
import { sleep, throwIfAborted } from '../abort.js';
import { GeneratorError, SAFETY_REFUSAL_MESSAGE } from '../errors.js';
import type { CreateRequest, EditRequest, GeneratedImage, ImageProvider } from '../provider.js';
import { OUTPUT_SIDE_PX, validateOutputImage } from '../validate-output.js';
import { applyDrift, continuePicture } from './continue.js';
import { SCRIPTABLE_CODES, scriptedFailure } from './failures.js';
import { lookFromPromptHash } from './palette.js';
import { hashParts, mulberry32, seedFromHash } from './prng.js';
import { paintStarter } from './starter.js';
import { createColourField } from './texture.js';

export interface MockProviderOptions {
  /** Simulated model latency per call; abort interrupts the wait. */
  latencyMs?: number;
  /** 0…1: global colour/brightness shift over the whole output, as real models drift. */
  drift?: number;
  /** Honour `[mock-fail:CODE]` markers in prompts. */
  failures?: boolean;
}

export const MOCK_MODEL = 'mock-continue-v1';
const SIDE = OUTPUT_SIDE_PX;

/**
 * Offline, deterministic stand-in for an image model: the same reference, mask and prompt
 * always give byte-identical output. It continues the picture into the editable area (see
 * `continuePicture`), so the whole product can be played and tested without a network.
 */
export class MockImageProvider implements ImageProvider {
  readonly name = 'mock';
  readonly model = MOCK_MODEL;
  readonly #latencyMs: number;
  readonly #drift: number;
  readonly #failures: boolean;

  constructor(options: MockProviderOptions = {}) {
    this.#latencyMs = options.latencyMs ?? 0;
    this.#drift = options.drift ?? 0;
    this.#failures = options.failures ?? false;
    if (!(this.#drift >= 0 && this.#drift <= 1)) throw new RangeError('mock drift must be within 0…1');
    if (!(this.#latencyMs >= 0)) throw new RangeError('mock latencyMs must be ≥ 0');
  }

  async edit(req: EditRequest): Promise<GeneratedImage> {
    await this.#simulateCall(req.prompt, req.signal);
    const [reference, maskAlpha] = await Promise.all([decodeRgb(req.image, 'image'), decodeAlpha(req.mask)]);
    throwIfAborted(req.signal);
    const inputHash = hashParts([req.image, req.mask, req.prompt]);
    const promptHash = hashParts([req.prompt]);
    // Palette and texture follow the prompt alone, so one prompt "means" one look; the
    // texture's phase follows all inputs, so each tile differs.
    const field = createColourField(
      lookFromPromptHash(promptHash),
      mulberry32(seedFromHash(inputHash)),
      SIDE,
    );
    const rgb = continuePicture({ reference, maskAlpha, sidePx: SIDE, field });
    return this.#finish(rgb, req.prompt, inputHash, req.signal);
  }

  async create(req: CreateRequest): Promise<GeneratedImage> {
    await this.#simulateCall(req.prompt, req.signal);
    const promptHash = hashParts([req.prompt]);
    const rgb = paintStarter(lookFromPromptHash(promptHash), mulberry32(seedFromHash(promptHash, 4)), SIDE);
    return this.#finish(rgb, req.prompt, promptHash, req.signal);
  }

  async #simulateCall(prompt: string, signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    if (this.#latencyMs > 0) await sleep(this.#latencyMs, signal);
    if (!this.#failures) return;
    const failure = scriptedFailure(prompt);
    if (failure === null) return;
    if ('unknown' in failure) {
      throw new GeneratorError(
        'GENERATOR_PERMANENT',
        `Unknown scripted failure "${failure.unknown}"; use one of ${SCRIPTABLE_CODES.join(', ')}.`,
      );
    }
    switch (failure.code) {
      case 'SAFETY_REFUSAL':
        throw new GeneratorError('SAFETY_REFUSAL', SAFETY_REFUSAL_MESSAGE, {
          cause: new Error('mock: scripted moderation_blocked'),
          status: 400,
          attempts: 1,
        });
      case 'GENERATOR_TRANSIENT':
        throw new GeneratorError(
          'GENERATOR_TRANSIENT',
          'The mock image model is unavailable (scripted failure).',
          {
            status: 503,
            attempts: 1,
          },
        );
      case 'GENERATOR_PERMANENT':
        throw new GeneratorError(
          'GENERATOR_PERMANENT',
          'The mock image model rejected the request (scripted failure).',
          {
            status: 400,
            attempts: 1,
          },
        );
      // These two produce genuinely bad output so the shared validator is what catches them.
      case 'DECODE_ERROR':
        await validateOutputImage(new TextEncoder().encode('this is not an image, it is a scripted failure'));
        break;
      case 'DIMENSION_MISMATCH': {
        const small = await sharp({
          create: { width: SIDE / 2, height: SIDE / 2, channels: 3, background: '#808080' },
        })
          .png()
          .toBuffer();
        await validateOutputImage(small);
        break;
      }
    }
    throw new GeneratorError('GENERATOR_PERMANENT', `Scripted failure ${failure.code} did not trigger.`);
  }

  async #finish(
    rgb: Uint8Array,
    prompt: string,
    hash: Uint8Array,
    signal: AbortSignal | undefined,
  ): Promise<GeneratedImage> {
    applyDrift(rgb, this.#drift);
    // Fast zlib level: the shared validator re-encodes anyway.
    const png = await sharp(rgb, { raw: { width: SIDE, height: SIDE, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const image = await validateOutputImage(png);
    throwIfAborted(signal);
    return {
      image,
      provider: this.name,
      model: this.model,
      requestId: `mock-${Buffer.from(hash.subarray(0, 8)).toString('hex')}`,
      usage: { images: 1, prompt_chars: prompt.length },
      attempts: 1,
    };
  }
}

export function createMockProvider(options: MockProviderOptions = {}): MockImageProvider {
  return new MockImageProvider(options);
}

async function decodeRgb(bytes: Uint8Array, what: string): Promise<Uint8Array> {
  try {
    const { data, info } = await sharp(bytes)
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    assertSide(info.width, info.height, what);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (cause) {
    throw badInput(what, cause);
  }
}

async function decodeAlpha(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const { data, info } = await sharp(bytes)
      .ensureAlpha()
      .extractChannel(3)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    assertSide(info.width, info.height, 'mask');
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (cause) {
    throw badInput('mask', cause);
  }
}

function assertSide(width: number, height: number, what: string): void {
  if (width !== SIDE || height !== SIDE) {
    throw new Error(`${what} is ${width}×${height}; expected ${SIDE}×${SIDE}`);
  }
}

/** A bad request is permanent, as OpenAI's 400 for an unreadable upload would be. */
function badInput(what: string, cause: unknown): GeneratorError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new GeneratorError(
    'GENERATOR_PERMANENT',
    `The mock image model could not read the ${what}: ${detail}`,
    {
      cause,
      status: 400,
    },
  );
}

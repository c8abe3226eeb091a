import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep as realSleep } from '../abort.js';
import { GeneratorError, SAFETY_REFUSAL_MESSAGE } from '../errors.js';
import {
  errorReply,
  type FakeOpenAIServer,
  type FakeScript,
  imageReply,
  solidPng,
  startFakeOpenAI,
} from '../testing/index.js';
import { OpenAIImageProvider, type OpenAIProviderOptions } from './provider.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Records every backoff the provider asks for, without waiting (but still honouring abort). */
function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    delays.push(ms);
    await realSleep(0, signal);
  };
  return { delays, sleep };
}

async function setup(script: FakeScript, options: Partial<OpenAIProviderOptions> = {}) {
  server = await startFakeOpenAI(script);
  const backoff = recordingSleep();
  const provider = new OpenAIImageProvider({
    apiKey: 'sk-test-key',
    baseURL: server.baseURL,
    model: 'gpt-image-1.5',
    maxAttempts: 3,
    timeoutMs: 5_000,
    sleep: backoff.sleep,
    random: () => 0.5,
    ...options,
  });
  return { provider, backoff, server };
}

async function editInputs() {
  return {
    image: await solidPng({ rgb: [10, 200, 30] }),
    mask: await solidPng({ rgb: [0, 0, 0], alpha: 0 }),
    prompt: 'Extend this image to the right. Content: a lighthouse',
  };
}

async function generatorError(promise: Promise<unknown>): Promise<GeneratorError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GeneratorError);
  return error as GeneratorError;
}

describe('OpenAIImageProvider against a fake OpenAI server', () => {
  it('sends the edit as the SDK multipart request and returns a validated 1024² RGB PNG', async () => {
    const output = await solidPng({ rgb: [200, 100, 50] });
    const usage = {
      input_tokens: 50,
      output_tokens: 4160,
      total_tokens: 4210,
      input_tokens_details: { image_tokens: 40, text_tokens: 10 },
    };
    const { provider, server } = await setup(
      () => imageReply(b64(output), { usage, requestId: 'req_edit_1' }),
      {
        quality: 'high',
        inputFidelity: 'high',
      },
    );
    const inputs = await editInputs();

    const result = await provider.edit(inputs);

    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/images/edits');
    expect(sent.headers.authorization).toBe('Bearer sk-test-key');
    expect(sent.fields).toMatchObject({
      model: 'gpt-image-1.5',
      prompt: inputs.prompt,
      size: '1024x1024',
      quality: 'high',
      input_fidelity: 'high',
      n: '1',
    });
    expect(sent.files.image?.name).toBe('reference.png');
    expect(sent.files.image?.type).toBe('image/png');
    expect(Buffer.from(sent.files.image!.bytes).equals(Buffer.from(inputs.image))).toBe(true);
    expect(sent.files.mask?.name).toBe('mask.png');
    expect(sent.files.mask?.type).toBe('image/png');
    expect(Buffer.from(sent.files.mask!.bytes).equals(Buffer.from(inputs.mask))).toBe(true);

    expect(result).toMatchObject({
      provider: 'openai',
      model: 'gpt-image-1.5',
      requestId: 'req_edit_1',
      attempts: 1,
    });
    expect(result.usage).toEqual({
      input_tokens: 50,
      output_tokens: 4160,
      total_tokens: 4210,
      'input_tokens_details.image_tokens': 40,
      'input_tokens_details.text_tokens': 10,
    });
    const meta = await sharp(result.image).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 1024, 1024, 3]);
    const { data } = await sharp(result.image).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([200, 100, 50]);
  });

  it('omits quality and input_fidelity when not configured', async () => {
    const output = await solidPng();
    const { provider, server } = await setup(() => imageReply(b64(output)));
    await provider.edit(await editInputs());
    expect(server.requests[0]!.fields).not.toHaveProperty('quality');
    expect(server.requests[0]!.fields).not.toHaveProperty('input_fidelity');
  });

  it('creates from text through images.generate with a JSON body', async () => {
    const output = await solidPng({ rgb: [1, 2, 3] });
    const { provider, server } = await setup(() => imageReply(b64(output), { requestId: 'req_gen' }), {
      quality: 'low',
    });
    const result = await provider.create({ prompt: 'a castle on a hill' });
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/v1/images/generations');
    expect(sent.json).toMatchObject({
      model: 'gpt-image-1.5',
      prompt: 'a castle on a hill',
      size: '1024x1024',
      quality: 'low',
      n: 1,
    });
    expect(result.requestId).toBe('req_gen');
    expect(result.usage).toBeNull();
  });

  it('turns a moderation block into SAFETY_REFUSAL without retrying', async () => {
    const { provider, server, backoff } = await setup(() =>
      errorReply(
        400,
        {
          code: 'moderation_blocked',
          type: 'image_generation_user_error',
          message: 'Your request was rejected by the safety system.',
        },
        { 'x-request-id': 'req_mod' },
      ),
    );
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('SAFETY_REFUSAL');
    expect(error.message).toBe(SAFETY_REFUSAL_MESSAGE);
    expect((error.cause as Error).message).toContain('rejected by the safety system');
    expect(error.requestId).toBe('req_mod');
    expect(error.status).toBe(400);
    expect(server.requests).toHaveLength(1);
    expect(backoff.delays).toEqual([]);
  });

  it('recognises content_policy_violation given as the error type', async () => {
    const { provider } = await setup(() =>
      errorReply(400, { type: 'content_policy_violation', message: 'Blocked.' }),
    );
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('SAFETY_REFUSAL');
  });

  it('treats 401 as GENERATOR_PERMANENT and does not retry', async () => {
    const { provider, server } = await setup(() =>
      errorReply(
        401,
        { code: 'invalid_api_key', message: 'Incorrect API key provided.' },
        { 'x-request-id': 'req_401' },
      ),
    );
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('GENERATOR_PERMANENT');
    expect(error.status).toBe(401);
    expect(error.requestId).toBe('req_401');
    expect(error.attempts).toBe(1);
    expect(error.message).toContain('Incorrect API key provided.');
    expect(server.requests).toHaveLength(1);
  });

  it('treats an ordinary 400 as GENERATOR_PERMANENT', async () => {
    const { provider, server } = await setup(() =>
      errorReply(400, { code: 'invalid_value', message: 'Invalid mask size.', param: 'mask' }),
    );
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('GENERATOR_PERMANENT');
    expect(server.requests).toHaveLength(1);
  });

  it('honours retry-after on 429, then succeeds', async () => {
    const output = await solidPng();
    const { provider, server, backoff } = await setup((_req, index) =>
      index === 0
        ? errorReply(429, { code: 'rate_limit_exceeded', message: 'Slow down.' }, { 'retry-after': '1' })
        : imageReply(b64(output), { requestId: 'req_after_429' }),
    );
    const result = await provider.edit(await editInputs());
    expect(server.requests).toHaveLength(2);
    expect(backoff.delays).toEqual([1000]);
    expect(result.attempts).toBe(2);
    expect(result.requestId).toBe('req_after_429');
  });

  it('prefers retry-after-ms and caps a huge retry-after', async () => {
    const output = await solidPng();
    const { provider, backoff } = await setup(
      (_req, index) =>
        index === 0
          ? errorReply(429, { message: 'Slow down.' }, { 'retry-after-ms': '250', 'retry-after': '9' })
          : index === 1
            ? errorReply(429, { message: 'Slow down.' }, { 'retry-after': '3600' })
            : imageReply(b64(output)),
      { retry: { maxRetryAfterMs: 5_000 } },
    );
    await provider.edit(await editInputs());
    expect(backoff.delays).toEqual([250, 5_000]);
  });

  it('retries 500s with jittered exponential backoff, then succeeds', async () => {
    const output = await solidPng();
    const { provider, server, backoff } = await setup(
      (_req, index) =>
        index < 2 ? errorReply(500, { type: 'server_error', message: 'Oops.' }) : imageReply(b64(output)),
      { retry: { baseDelayMs: 1_000, maxDelayMs: 20_000 } },
    );
    const result = await provider.edit(await editInputs());
    expect(server.requests).toHaveLength(3);
    expect(result.attempts).toBe(3);
    // random() = 0.5 → half of 1000·2^(n−1)
    expect(backoff.delays).toEqual([500, 1000]);
  });

  it('gives up with GENERATOR_TRANSIENT after max attempts of 503', async () => {
    const { provider, server, backoff } = await setup(() =>
      errorReply(503, { type: 'server_error', message: 'Overloaded.' }, { 'x-request-id': 'req_503' }),
    );
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('GENERATOR_TRANSIENT');
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(3);
    expect(error.requestId).toBe('req_503');
    expect(server.requests).toHaveLength(3);
    expect(backoff.delays).toHaveLength(2);
  });

  it('times out an attempt that never answers and reports GENERATOR_TRANSIENT', async () => {
    const { provider, server } = await setup(() => 'hang', { timeoutMs: 150, maxAttempts: 2 });
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('GENERATOR_TRANSIENT');
    expect(error.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('stops at once when aborted mid-request, rejecting with the signal reason', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const { provider, server } = await setup(
      () => {
        arrived();
        return 'hang';
      },
      { timeoutMs: 60_000 },
    );
    const controller = new AbortController();
    const reason = new Error('operator abort');
    const pending = provider.edit({ ...(await editInputs()), signal: controller.signal });
    await requestArrived;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('stops at once when aborted during a backoff wait', async () => {
    let failed!: () => void;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const { provider, server } = await setup(
      () => {
        failed();
        return errorReply(503, { message: 'Overloaded.' }, { 'retry-after': '600' });
      },
      { sleep: realSleep },
    );
    const controller = new AbortController();
    const pending = provider.edit({ ...(await editInputs()), signal: controller.signal });
    await firstFailure;
    await realSleep(20);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with the reason of an already-aborted signal without calling the API', async () => {
    const { provider, server } = await setup(() => errorReply(500, { message: 'unused' }));
    const reason = new Error('already gone');
    await expect(provider.edit({ ...(await editInputs()), signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('reports malformed base64 as DECODE_ERROR, keeping the request id', async () => {
    const { provider, server } = await setup(() =>
      imageReply('iVBORw0KGgo*not base64*', { requestId: 'req_bad64' }),
    );
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('DECODE_ERROR');
    expect(error.requestId).toBe('req_bad64');
    expect(server.requests).toHaveLength(1);
  });

  it('reports valid base64 of a non-image as DECODE_ERROR', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const { provider } = await setup(() => imageReply(b64(junk)));
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('DECODE_ERROR');
  });

  it('reports an answer without image data as DECODE_ERROR', async () => {
    const { provider } = await setup(() => ({ status: 200, body: { created: 1, data: [] } }));
    const error = await generatorError(provider.create({ prompt: 'x' }));
    expect(error.code).toBe('DECODE_ERROR');
  });

  it('reports a 512² image as DIMENSION_MISMATCH', async () => {
    const small = await solidPng({ width: 512, height: 512 });
    const { provider } = await setup(() => imageReply(b64(small), { requestId: 'req_small' }));
    const error = await generatorError(provider.edit(await editInputs()));
    expect(error.code).toBe('DIMENSION_MISMATCH');
    expect(error.message).toContain('512×512');
    expect(error.requestId).toBe('req_small');
  });

  it('flattens an RGBA answer to RGB', async () => {
    const rgba = await solidPng({ rgb: [0, 0, 0], alpha: 0 });
    expect((await sharp(rgba).metadata()).channels).toBe(4);
    const { provider } = await setup(() => imageReply(b64(rgba)));
    const result = await provider.edit(await editInputs());
    const { data, info } = await sharp(result.image).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    // Fully transparent pixels land on the white background.
    expect([...data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });
});

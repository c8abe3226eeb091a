import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GENERATOR_ERROR_CODES, GeneratorError, SAFETY_REFUSAL_MESSAGE } from '../errors.js';
import { solidPng, tileFixture } from '../testing/index.js';
import { driftOffsets } from './continue.js';
import { MockImageProvider } from './provider.js';

const SIDE = 1024;

async function rgbOf(png: Uint8Array): Promise<Uint8Array> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([SIDE, SIDE, 3]);
  return new Uint8Array(data);
}

/** Mean |a − b| over all channels of the given columns. */
function meanAbsDiffColumns(a: Uint8Array, aColumns: number[], b: Uint8Array, bColumn: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < SIDE; y++) {
    for (const x of aColumns) {
      for (let c = 0; c < 3; c++) {
        sum += Math.abs(a[(y * SIDE + x) * 3 + c]! - b[(y * SIDE + bColumn) * 3 + c]!);
        count++;
      }
    }
  }
  return sum / count;
}

describe('MockImageProvider.edit', () => {
  it('is deterministic: same inputs give byte-identical output, another prompt gives other bytes', async () => {
    const { reference, mask } = await tileFixture();
    const a = await new MockImageProvider().edit({ image: reference, mask, prompt: 'a misty forest' });
    const b = await new MockImageProvider().edit({ image: reference, mask, prompt: 'a misty forest' });
    const c = await new MockImageProvider().edit({ image: reference, mask, prompt: 'a neon city' });
    expect(Buffer.from(a.image).equals(Buffer.from(b.image))).toBe(true);
    expect(Buffer.from(a.image).equals(Buffer.from(c.image))).toBe(false);
    expect(a).toMatchObject({ provider: 'mock', model: 'mock-continue-v1', attempts: 1 });
    expect(a.requestId).toBe(b.requestId);
    expect(a.requestId).not.toBe(c.requestId);
  });

  it('keeps the known area byte-identical to the reference when drift is 0', async () => {
    const { reference, mask, referenceRgb } = await tileFixture(384);
    const out = await rgbOf(
      (await new MockImageProvider().edit({ image: reference, mask, prompt: 'dunes' })).image,
    );
    for (let y = 0; y < SIDE; y++) {
      const start = y * SIDE * 3;
      const end = start + 384 * 3;
      if (!Buffer.from(out.subarray(start, end)).equals(Buffer.from(referenceRgb.subarray(start, end)))) {
        throw new Error(`known row ${y} differs from the reference`);
      }
    }
  });

  it('continues the picture: pixels next to the frontier match it, far ones follow the prompt', async () => {
    const { reference, mask, referenceRgb } = await tileFixture(384);
    const outputs: Uint8Array[] = [];
    for (const prompt of ['a misty forest', 'a neon city', 'ocean waves at noon']) {
      const out = await rgbOf((await new MockImageProvider().edit({ image: reference, mask, prompt })).image);
      const near = meanAbsDiffColumns(out, [384, 385, 386, 387], referenceRgb, 383);
      const far = meanAbsDiffColumns(out, [1020, 1021, 1022, 1023], referenceRgb, 383);
      expect(near).toBeLessThan(4);
      expect(far).toBeGreaterThan(12);
      // The editable area is not just a copy of the smeared prefill.
      expect(meanAbsDiffColumns(out, [900], referenceRgb, 900)).toBeGreaterThan(8);
      outputs.push(out);
    }
    // Prompts agree at the seam and diverge far from it: the far side is the prompt's.
    for (const other of outputs.slice(1)) {
      const columnDiff = (x: number) => meanAbsDiffColumns(outputs[0]!, [x], other, x);
      expect(columnDiff(385)).toBeLessThan(2);
      expect(columnDiff(1000)).toBeGreaterThan(20);
    }
  });

  it('infers the editable side from the mask (editable on the left)', async () => {
    const { referenceRgb } = await tileFixture();
    // Mirror the fixture so the picture sits on the right and the left 640 px are editable.
    const flipped = new Uint8Array(referenceRgb.length);
    const maskRgba = new Uint8Array(SIDE * SIDE * 4);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const from = (y * SIDE + (SIDE - 1 - x)) * 3;
        flipped.set(referenceRgb.subarray(from, from + 3), (y * SIDE + x) * 3);
        maskRgba[(y * SIDE + x) * 4 + 3] = x < 640 ? 0 : 255;
      }
    }
    const image = await sharp(flipped, { raw: { width: SIDE, height: SIDE, channels: 3 } })
      .png()
      .toBuffer();
    const mask = await sharp(maskRgba, { raw: { width: SIDE, height: SIDE, channels: 4 } })
      .png()
      .toBuffer();
    const out = await rgbOf((await new MockImageProvider().edit({ image, mask, prompt: 'a desert' })).image);
    expect(meanAbsDiffColumns(out, [639, 638, 637, 636], flipped, 640)).toBeLessThan(4);
    expect(meanAbsDiffColumns(out, [0, 1, 2, 3], flipped, 640)).toBeGreaterThan(12);
    expect(meanAbsDiffColumns(out, [700], flipped, 700)).toBe(0);
  });

  it('returns the reference unchanged when nothing is editable', async () => {
    const { reference, referenceRgb } = await tileFixture();
    const keepAll = await solidPng({ rgb: [0, 0, 0], alpha: 255 });
    const out = await rgbOf(
      (await new MockImageProvider().edit({ image: reference, mask: keepAll, prompt: 'x' })).image,
    );
    expect(Buffer.from(out).equals(Buffer.from(referenceRgb))).toBe(true);
  });

  it('drift shifts the whole output, known area included, by the configured amount', async () => {
    const { reference, mask, referenceRgb } = await tileFixture(384);
    const drift = 0.5;
    const expected = driftOffsets(drift);
    expect(expected).toEqual([16, 8, -8]);
    const out = await rgbOf(
      (await new MockImageProvider({ drift }).edit({ image: reference, mask, prompt: 'x' })).image,
    );
    const sums = [0, 0, 0];
    let count = 0;
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < 384; x++) {
        const o = (y * SIDE + x) * 3;
        for (let c = 0; c < 3; c++) sums[c]! += out[o + c]! - referenceRgb[o + c]!;
        count++;
      }
    }
    expect(sums.map((s) => s / count)).toEqual([16, 8, -8]);
  });

  it('rejects a reference that is not 1024² as GENERATOR_PERMANENT', async () => {
    const { mask } = await tileFixture();
    const small = await solidPng({ width: 512, height: 512 });
    const error = await new MockImageProvider()
      .edit({ image: small, mask, prompt: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).code).toBe('GENERATOR_PERMANENT');
  });
});

describe('MockImageProvider scripted failures', () => {
  for (const code of GENERATOR_ERROR_CODES) {
    it(`fails with ${code} when the prompt says [mock-fail:${code}]`, async () => {
      const { reference, mask } = await tileFixture();
      const provider = new MockImageProvider({ failures: true });
      const prompt = `a castle [mock-fail:${code}]`;
      const edit = await provider.edit({ image: reference, mask, prompt }).catch((e: unknown) => e);
      const create = await provider.create({ prompt }).catch((e: unknown) => e);
      for (const error of [edit, create]) {
        expect(error).toBeInstanceOf(GeneratorError);
        expect((error as GeneratorError).code).toBe(code);
      }
      if (code === 'SAFETY_REFUSAL') expect((edit as Error).message).toBe(SAFETY_REFUSAL_MESSAGE);
    });
  }

  it('ignores the marker when failures are off', async () => {
    const { reference, mask } = await tileFixture();
    const result = await new MockImageProvider().edit({
      image: reference,
      mask,
      prompt: '[mock-fail:SAFETY_REFUSAL]',
    });
    expect((await sharp(result.image).metadata()).width).toBe(SIDE);
  });

  it('names the valid codes for an unknown one', async () => {
    const error = await new MockImageProvider({ failures: true })
      .create({ prompt: '[mock-fail:LEASE_EXPIRED]' })
      .catch((e: unknown) => e);
    expect((error as GeneratorError).code).toBe('GENERATOR_PERMANENT');
    expect((error as Error).message).toContain('SAFETY_REFUSAL');
  });
});

describe('MockImageProvider latency', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits the configured latency before answering', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let settled = false;
    const pending = new MockImageProvider({ latencyMs: 5_000 }).create({ prompt: 'x' }).then((r) => {
      settled = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    const result = await pending;
    expect(settled).toBe(true);
    expect(result.model).toBe('mock-continue-v1');
  });

  it('rejects with the abort reason while waiting', async () => {
    const { reference, mask } = await tileFixture();
    const controller = new AbortController();
    const reason = new Error('player left');
    const pending = new MockImageProvider({ latencyMs: 600_000 }).edit({
      image: reference,
      mask,
      prompt: 'x',
      signal: controller.signal,
    });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('MockImageProvider.create', () => {
  it('paints a deterministic, varied, prompt-seeded 1024² starting picture', async () => {
    const provider = new MockImageProvider();
    const a = await provider.create({ prompt: 'a lighthouse at dawn' });
    const b = await provider.create({ prompt: 'a lighthouse at dawn' });
    const c = await provider.create({ prompt: 'a jungle temple' });
    expect(Buffer.from(a.image).equals(Buffer.from(b.image))).toBe(true);
    expect(Buffer.from(a.image).equals(Buffer.from(c.image))).toBe(false);
    const stats = await sharp(a.image).stats();
    expect(stats.channels).toHaveLength(3);
    // Not a flat fill: a sky, a ground and a sun give real spread in every channel.
    for (const channel of stats.channels) expect(channel.stdev).toBeGreaterThan(10);
  });
});

import type { EditRequest, GeneratedImage, ImageProvider } from '@exquisite/generator';
import {
  crop,
  knownMask,
  type PixelBuffer,
  pixelBufferFrom,
  type StepPlan,
  TILE_PX,
  type TilePlan,
} from '@exquisite/geometry';
import sharp from 'sharp';
import { decodeImage, encodePng } from '../../src/image/codec.js';

export type DriftLevel = 'none' | 'mild' | 'strong';
export const DRIFT_LEVELS: readonly DriftLevel[] = ['none', 'mild', 'strong'];

/** How a model distorts its whole output; each call jitters these by ±25 % (seeded). */
export interface Drift {
  /** Per-channel gain (colour cast). */
  gain: [number, number, number];
  /** Added to every channel (brightness). */
  offset: number;
  /** out = 255·(in/255)^gamma. */
  gamma: number;
  /** Gaussian blur sigma in px (0 = none). */
  blur: number;
  /** Gaussian noise sigma in 8-bit levels. */
  noise: number;
}

const DRIFTS: Record<DriftLevel, Drift> = {
  none: { gain: [1, 1, 1], offset: 0, gamma: 1, blur: 0, noise: 0 },
  mild: { gain: [1.05, 1, 0.95], offset: 6, gamma: 0.92, blur: 0.7, noise: 2 },
  strong: { gain: [1.12, 0.97, 0.88], offset: 14, gamma: 0.8, blur: 1.4, noise: 4 },
};

/**
 * A generator that knows the answer, used only by the seams benchmark. The canvas is a crop
 * of a larger photograph (`truth`, world origin at its top-left); for each tile it returns
 * the true continuation in the unknown area and the reference's own pixels in the known
 * area, then distorts the whole 1024² image as real image-edit models do: colour cast,
 * brightness, gamma, blur, noise — so the "kept" half comes back re-rendered, not identical.
 * Like a real model it continues the colours it is shown: the true continuation is first
 * mapped (per-channel mean/std) from the truth's known pixels onto the reference's, so any
 * drift already in the canvas is inherited and can compound.
 */
export class DriftingOracle implements ImageProvider {
  readonly name = 'oracle';
  readonly model: string;
  private queue: TilePlan[] = [];
  private calls = 0;

  constructor(
    private readonly truth: PixelBuffer,
    private readonly level: DriftLevel,
    private readonly seed: number,
    /** Parts of the level's drift replaced, for ablations (diagnose.ts): e.g. `{ blur: 0 }`. */
    private readonly overrides: Partial<Drift> = {},
    /**
     * Calls already made: the drift of call n is seeded by (seed, n), so an oracle started at
     * n = k reproduces exactly the drift a chain's (k+1)-th tile got (a fresh one-step run on
     * the same place, for the compounding baseline).
     */
    firstCall = 0,
  ) {
    this.model = `drift-${level}`;
    this.calls = firstCall;
  }

  /** The tiles of the step about to run, in plan order: the oracle's cursor into the truth. */
  expect(plan: StepPlan): void {
    this.queue.push(...plan.tiles);
  }

  async edit(req: EditRequest): Promise<GeneratedImage> {
    const tile = this.queue.shift();
    if (!tile) throw new Error('oracle: edit without an expected tile');
    const reference = await decodeImage(req.image);
    const truth = crop(this.truth, tile.rect);
    const known = knownMask(tile);
    // Work in real numbers until the model's output is quantised once, with a dither, like a
    // real model's decoder: rounding each stage would bias whole regions by the same fraction.
    const base = inheritColours(truth, reference, known);
    for (let p = 0; p < known.length; p++) {
      if (known[p] === 0) continue;
      for (let k = 0; k < 3; k++) base[p * 3 + k] = reference.data[p * 3 + k]!;
    }
    const image = await distort(
      base,
      { ...DRIFTS[this.level], ...this.overrides },
      this.seed * 1000 + this.calls++,
    );
    return {
      image: await encodePng(image),
      provider: this.name,
      model: this.model,
      requestId: null,
      usage: null,
      attempts: 1,
    };
  }

  async create(): Promise<GeneratedImage> {
    throw new Error('oracle: create is not used by the seams benchmark');
  }
}

/** Side of the blocks whose mean colours the oracle's inheritance is measured on. */
const INHERIT_BLOCK = 16;

/**
 * Per-channel mean/std transfer of `truth` so its known pixels' colours match the
 * reference's. Measured on 16² block means: a model continues the colours it is shown, not
 * their sharpness — per-pixel statistics would read the blur and noise of earlier steps as
 * a contrast change and invent a drift no real model has.
 */
function inheritColours(truth: PixelBuffer, reference: PixelBuffer, known: Uint8Array): Float32Array {
  const out = Float32Array.from(truth.data);
  const t = blockMeans(truth, known);
  const r = blockMeans(reference, known);
  for (let k = 0; k < 3; k++) {
    const mt = mean(t[k]!);
    const mr = mean(r[k]!);
    const dt = Math.max(1e-9, std(t[k]!, mt));
    const scale = std(r[k]!, mr) / dt;
    for (let i = k; i < out.length; i += 3) {
      out[i] = (out[i]! - mt) * scale + mr;
    }
  }
  return out;
}

/** Mean colour of every fully known 16² block, per channel. */
function blockMeans(buf: PixelBuffer, known: Uint8Array): number[][] {
  const out: number[][] = [[], [], []];
  for (let by = 0; by < TILE_PX; by += INHERIT_BLOCK) {
    for (let bx = 0; bx < TILE_PX; bx += INHERIT_BLOCK) {
      if (
        known[by * TILE_PX + bx] === 0 ||
        known[(by + INHERIT_BLOCK - 1) * TILE_PX + bx + INHERIT_BLOCK - 1] === 0
      )
        continue;
      const sum = [0, 0, 0];
      for (let y = by; y < by + INHERIT_BLOCK; y++) {
        for (let x = bx; x < bx + INHERIT_BLOCK; x++) {
          const i = (y * TILE_PX + x) * 3;
          for (let k = 0; k < 3; k++) sum[k]! += buf.data[i + k]!;
        }
      }
      for (let k = 0; k < 3; k++) out[k]!.push(sum[k]! / (INHERIT_BLOCK * INHERIT_BLOCK));
    }
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[], m: number) => Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);

async function distort(base: Float32Array, drift: Drift, seed: number): Promise<PixelBuffer> {
  const rand = mulberry32(seed);
  const jitter = () => 0.75 + 0.5 * rand();
  const gain = drift.gain.map((g) => 1 + (g - 1) * jitter());
  const offset = drift.offset * jitter();
  const gamma = 1 + (drift.gamma - 1) * jitter();
  // Row/column loops instead of index arithmetic per byte (the oracle was a third of the
  // bench's CPU); the arithmetic and the order of the random draws are unchanged, so the
  // output is byte for byte what the flat loop gave.
  // The known half is the reference's own bytes: its tone curve comes from a table (the same
  // expression, so the same doubles); the continuation is real-valued and computes it.
  const curve = new Float64Array(256).map((_, v) => 255 * (v / 255) ** gamma);
  let out = new Uint8Array(base.length);
  for (let y = 0; y < TILE_PX; y++) {
    const row = (y & 3) << 2;
    for (let x = 0; x < TILE_PX; x++) {
      const threshold = BAYER_4[row | (x & 3)]!;
      const i = (y * TILE_PX + x) * 3;
      for (let k = 0; k < 3; k++) {
        const v = Math.max(0, Math.min(255, base[i + k]!));
        const vi = v | 0;
        const q = (vi === v ? curve[vi]! : 255 * (v / 255) ** gamma) * gain[k]! + offset;
        // Ordered dither (4×4 Bayer) so the quantisation has no bias over any 4×4 block.
        out[i + k] = Math.max(0, Math.min(255, Math.floor(q + threshold)));
      }
    }
  }
  if (drift.blur > 0) {
    out = new Uint8Array(
      await sharp(out, { raw: { width: TILE_PX, height: TILE_PX, channels: 3 } })
        .blur(drift.blur)
        .raw()
        .toBuffer(),
    );
  }
  if (drift.noise > 0) {
    const scale = Math.sqrt(3);
    for (let i = 0; i < out.length; i++) {
      // Sum of four uniforms: close enough to Gaussian, cheap, seeded.
      const z = (rand() + rand() + rand() + rand() - 2) * scale;
      out[i] = Math.max(0, Math.min(255, Math.round(out[i]! + z * drift.noise)));
    }
  }
  return pixelBufferFrom(out, TILE_PX, TILE_PX, 3);
}

const BAYER_4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map((i) => (i + 0.5) / 16);

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

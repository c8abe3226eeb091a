import { assertPlaneFor, assertSameShape, type PixelBuffer } from './buffer.js';

/**
 * The shared argument check of the block-based colour transfers: `generated` and `reference`
 * alike, a known-mask plane for them, and a positive integer block size (`fallback` when none
 * is given). Returns the block size to use.
 */
export function blockTransferInputs(
  name: string,
  generated: PixelBuffer,
  reference: PixelBuffer,
  knownMask: Uint8Array,
  blockPx: number | undefined,
  fallback: number,
): number {
  assertSameShape(generated, reference, `${name} inputs`);
  assertPlaneFor(generated, knownMask, 'knownMask');
  const size = blockPx ?? fallback;
  if (!Number.isInteger(size) || size < 1) throw new RangeError('blockPx must be a positive integer');
  return size;
}

/** Per colour channel, the pixel sums of every fully known block, in row-major block order. */
export interface KnownBlockSums {
  /** Number of fully known blocks. */
  count: number;
  /** `sums[k][i]`: the sum of channel `k` over block `i` (`blockPx²` pixels). */
  sums: [Float64Array, Float64Array, Float64Array];
}

/**
 * Colour sums of the aligned `blockPx`² blocks whose pixels are all known
 * (`knownMask[p] !== 0`), blocks aligned to the image's top-left. Which blocks count depends on
 * the mask alone, so the sums of two images under one mask pair up block for block — what the
 * colour transfers measure on: block means, which a model's blur and noise barely move.
 */
export function knownBlockSums(buf: PixelBuffer, knownMask: Uint8Array, blockPx: number): KnownBlockSums {
  const { width, height, channels: c, data } = buf;
  const capacity = Math.floor(width / blockPx) * Math.floor(height / blockPx);
  const sums: KnownBlockSums['sums'] = [
    new Float64Array(capacity),
    new Float64Array(capacity),
    new Float64Array(capacity),
  ];
  let count = 0;
  for (let by = 0; by + blockPx <= height; by += blockPx) {
    for (let bx = 0; bx + blockPx <= width; bx += blockPx) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let complete = true;
      for (let y = by; y < by + blockPx && complete; y++) {
        for (let x = bx; x < bx + blockPx; x++) {
          const p = y * width + x;
          if (knownMask[p] === 0) {
            complete = false;
            break;
          }
          const i = p * c;
          s0 += data[i]!;
          s1 += data[i + 1]!;
          s2 += data[i + 2]!;
        }
      }
      if (!complete) continue;
      sums[0][count] = s0;
      sums[1][count] = s1;
      sums[2][count] = s2;
      count++;
    }
  }
  return { count, sums };
}

/** Per colour channel, paired block means of two images: `g[k][i]` and `r[k][i]` are block `i`. */
export interface BlockMeanPairs {
  count: number;
  g: number[][];
  r: number[][];
}

/**
 * The colours of the fully known blocks of `generated` and of `reference` at the same places,
 * each block's channel sum turned into a value by `toValue` (callers keep their own exact
 * arithmetic: `sum / area` for levels, `sum * scale` for 0…1). An image-edit model re-renders
 * the known pixels in place, so each pair shows what it did to that block's colour.
 */
export function blockMeanPairs(
  generated: PixelBuffer,
  reference: PixelBuffer,
  knownMask: Uint8Array,
  blockPx: number,
  toValue: (sum: number) => number,
): BlockMeanPairs {
  const gen = knownBlockSums(generated, knownMask, blockPx);
  const ref = knownBlockSums(reference, knownMask, blockPx);
  const values = (sums: KnownBlockSums) =>
    sums.sums.map((channel) => Array.from(channel.subarray(0, sums.count), toValue));
  return { count: gen.count, g: values(gen), r: values(ref) };
}

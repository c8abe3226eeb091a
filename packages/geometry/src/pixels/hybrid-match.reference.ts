/**
 * Test-only: `hybridMatch` as it was before it was optimised (commit 11f892d), verbatim —
 * with its own copies of the block-exact application (`blockExactLevels`, `boxMean`,
 * `interpolate`) it ran on. The optimised function must give the same bytes and the same
 * fields for every input (`hybrid-match.identity.test.ts`); imported by tests only, never by
 * the package's index.
 */
import { blockTransferInputs } from './blocks.js';
import type { PixelBuffer } from './buffer.js';
import { BAYER_4 } from './dither.js';
import { squeezeLevels } from './headroom.js';
import type { ClipFill, HybridMatchOptions, HybridMatchResult } from './hybrid-match.js';
import { type ChannelResponse, fitChannels, isIdentity } from './response-law.js';
import { RESPONSE_BLOCK_PX } from './response-match.js';
import { solve3 } from './solve3.js';

const HYBRID_CLIP_BAND = 5;
const HYBRID_RAMP = 12;
const MAX_CARRY = 64;
const MIN_FILL_PIXELS = 64;

export function hybridMatchReference(
  generated: PixelBuffer,
  reference: PixelBuffer,
  knownMask: Uint8Array,
  options: HybridMatchOptions = {},
): HybridMatchResult {
  const blockPx = blockTransferInputs(
    'hybridMatch',
    generated,
    reference,
    knownMask,
    options.blockPx,
    RESPONSE_BLOCK_PX,
  );
  const { headroom } = options;
  const seen = headroom ? squeezeLevels(reference, headroom) : reference;
  const blocks = unclippedBlockPairs(generated, seen, knownMask, blockPx);
  const { responses, curves } = fitChannels(blocks.g, blocks.r, { sharedGamma: true });
  const { width, height, channels: c } = generated;
  const n = width * height;
  const levels = curves.map((curve, k) => {
    if (!isIdentity(curve)) return blockExactLevelsReference(generated, curve, k, blockPx >> 1);
    const plain = new Float64Array(n);
    for (let p = 0; p < n; p++) plain[p] = generated.data[p * c + k]!;
    return plain;
  });
  const fills = [0, 1, 2].map((k) => {
    const beyond = pastTheEnds(seen, knownMask, responses[k]!, k);
    const fit = (end: 'high' | 'low') =>
      beyond[end] < MIN_FILL_PIXELS ? null : fitFill(generated, seen, knownMask, levels, k, end);
    return { high: fit('high'), low: fit('low') };
  });
  const out = generated.data.slice();
  const black = headroom?.black ?? 0;
  const scale = headroom ? (headroom.white - headroom.black) / 255 : 1;
  for (let k = 0; k < 3; k++) {
    const { high, low } = fills[k]!;
    if (!headroom && isIdentity(curves[k]!) && high === null && low === null) continue;
    const own = levels[k]!;
    for (let y = 0; y < height; y++) {
      const rowPhase = (y & 3) << 2;
      // What a clamp at 0 or 255 cuts off, carried to the next pixel of the row: the model's
      // noise passes through the law, and clamped near black or white it would raise (lower)
      // the mean there — a bias the next step inherits and adds to.
      let carry = 0;
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        const g = generated.data[p * c + k]!;
        let v = own[p]!;
        const fill = g > 127 ? high : low;
        if (fill !== null) {
          const t = handOver(g > 127 ? g : 255 - g);
          if (t > 0) v += t * (fillAt(fill, levels, p) - v);
        }
        v = (v - black) / scale + carry;
        const kept = Math.max(0, Math.min(255, v));
        carry = Math.max(-MAX_CARRY, Math.min(MAX_CARRY, v - kept));
        out[p * c + k] = Math.min(255, Math.floor(kept + BAYER_4[rowPhase | (x & 3)]!));
      }
    }
  }
  return {
    buffer: { data: out, width, height, channels: c },
    pairs: blocks.count,
    fitted: blocks.fitted,
    responses,
    curves,
    fills,
    rows: null,
  };
}

/**
 * How many known pixels the fitted law sends past 255 (`high`) or below 0 (`low`) from their
 * canvas colour: the model clipped those. A dark channel the model lifts (offset > 0) never
 * reaches 0, and filling its low end would only blur the law there.
 */
function pastTheEnds(
  reference: PixelBuffer,
  knownMask: Uint8Array,
  { gain, offset, gamma }: ChannelResponse,
  k: number,
): { high: number; low: number } {
  const c = reference.channels;
  const hist = new Float64Array(256);
  for (let p = 0; p < knownMask.length; p++) if (knownMask[p] !== 0) hist[reference.data[p * c + k]!]!++;
  let high = 0;
  let low = 0;
  for (let v = 0; v < 256; v++) {
    const g = 255 * (offset + gain * (v / 255) ** gamma);
    if (g >= 255) high += hist[v]!;
    else if (g <= 0) low += hist[v]!;
  }
  return { high, low };
}

/** Weight of the fill at a generated level `g` counted from the near end (255 = at the end): 0 → 1 over the ramp. */
function handOver(g: number): number {
  const full = 255 - HYBRID_CLIP_BAND;
  if (g >= full) return 1;
  const start = full - HYBRID_RAMP;
  return g <= start ? 0 : (g - start) / HYBRID_RAMP;
}

function fillAt(fill: ClipFill, levels: Float64Array[], p: number): number {
  return (
    fill.intercept +
    fill.weights[0] * levels[0]![p]! +
    fill.weights[1] * levels[1]![p]! +
    fill.weights[2] * levels[2]![p]!
  );
}

/**
 * The fill of one end of channel `k`, fitted by least squares on the known pixels whose
 * generated level lies in the end's band (ramp included): the canvas level on the
 * law-corrected levels of the three channels (the other channels' law, not their fills, so
 * the channels' fills do not depend on one another's order). Null when too few pixels fall
 * there, or when the law already gives the canvas on all of them (nothing to fill: an
 * undistorted image must come back exactly). A canvas that is itself white where the model
 * clipped is filled (with white), not left at the law's ceiling below it.
 */
function fitFill(
  generated: PixelBuffer,
  reference: PixelBuffer,
  knownMask: Uint8Array,
  levels: Float64Array[],
  k: number,
  end: 'high' | 'low',
): ClipFill | null {
  const c = generated.channels;
  const first = 255 - HYBRID_CLIP_BAND - HYBRID_RAMP;
  const xs: number[] = [];
  const ys: number[] = [];
  let changed = false;
  for (let p = 0; p < knownMask.length; p++) {
    if (knownMask[p] === 0) continue;
    const g = generated.data[p * c + k]!;
    if ((end === 'high' ? g : 255 - g) <= first) continue;
    const r = reference.data[p * c + k]!;
    if (Math.abs(levels[k]![p]! - r) > 1e-6) changed = true;
    xs.push(p);
    ys.push(r);
  }
  if (xs.length < MIN_FILL_PIXELS || !changed) return null;
  const m = xs.length;
  let meanY = 0;
  for (const y of ys) meanY += y;
  meanY /= m;
  // Centred normal equations of y on the three corrected levels, lightly ridged so
  // collinear channels (a grey highlight) still give a solution.
  const mean = [0, 0, 0];
  for (const p of xs) for (let j = 0; j < 3; j++) mean[j]! += levels[j]![p]!;
  for (let j = 0; j < 3; j++) mean[j]! /= m;
  const a = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const b = [0, 0, 0];
  for (let i = 0; i < m; i++) {
    const p = xs[i]!;
    const d = [levels[0]![p]! - mean[0]!, levels[1]![p]! - mean[1]!, levels[2]![p]! - mean[2]!];
    const dy = ys[i]! - meanY;
    for (let r = 0; r < 3; r++) {
      b[r]! += d[r]! * dy;
      for (let s = 0; s < 3; s++) a[r * 3 + s]! += d[r]! * d[s]!;
    }
  }
  const ridge = 1e-6 * (a[0]! + a[4]! + a[8]!) + 1e-9;
  for (let r = 0; r < 3; r++) a[r * 4]! += ridge;
  const w = solve3(a, b);
  // A least-squares fit regresses to the band's mean: its spread is R² of the canvas'. Scaled
  // back up so the filled highlights keep the canvas' spread — what the next step inherits
  // (a fill with too little spread is a contrast loss that compounds, docs/seams.md).
  let fitted = 0;
  for (let r = 0; r < 3; r++)
    for (let s = 0; s < 3; s++) fitted += w[r]! * (a[r * 3 + s]! - (r === s ? ridge : 0)) * w[s]!;
  let spread = 0;
  for (const y of ys) spread += (y - meanY) ** 2;
  const stretch = fitted > 1e-9 ? Math.sqrt(spread / fitted) : 1;
  const weights: [number, number, number] = [w[0]! * stretch, w[1]! * stretch, w[2]! * stretch];
  return {
    pixels: m,
    intercept: meanY - weights[0] * mean[0]! - weights[1] * mean[1]! - weights[2] * mean[2]!,
    weights,
  };
}

/**
 * Block-mean pairs (0…1) of the fully known `blockPx`² blocks, per channel keeping only the
 * blocks none of whose generated pixels is within 1 level of 0 or 255 in that channel: one
 * clipped pixel already makes the block mean an underestimate of what the law predicts.
 */
function unclippedBlockPairs(
  generated: PixelBuffer,
  reference: PixelBuffer,
  knownMask: Uint8Array,
  blockPx: number,
): { count: number; fitted: number[]; g: number[][]; r: number[][] } {
  const { width, height, channels: c } = generated;
  const scale = 1 / (blockPx * blockPx * 255);
  const g: number[][] = [[], [], []];
  const r: number[][] = [[], [], []];
  let count = 0;
  const sg = [0, 0, 0];
  const sr = [0, 0, 0];
  const clipped = [false, false, false];
  for (let by = 0; by + blockPx <= height; by += blockPx) {
    for (let bx = 0; bx + blockPx <= width; bx += blockPx) {
      sg.fill(0);
      sr.fill(0);
      clipped.fill(false);
      let complete = true;
      for (let y = by; y < by + blockPx && complete; y++) {
        for (let x = bx; x < bx + blockPx; x++) {
          const p = y * width + x;
          if (knownMask[p] === 0) {
            complete = false;
            break;
          }
          for (let k = 0; k < 3; k++) {
            const v = generated.data[p * c + k]!;
            sg[k]! += v;
            sr[k]! += reference.data[p * c + k]!;
            if (v <= 1 || v >= 254) clipped[k] = true;
          }
        }
      }
      if (!complete) continue;
      count++;
      for (let k = 0; k < 3; k++) {
        if (clipped[k]) continue;
        g[k]!.push(sg[k]! * scale);
        r[k]!.push(sr[k]! * scale);
      }
    }
  }
  return { count, fitted: g.map((ch) => ch.length), g, r };
}

/** The curve at a fractional level (linear between bytes). */
function interpolate(curve: Float64Array, level: number): number {
  const i = level <= 0 ? 0 : level >= 255 ? 254 : Math.floor(level);
  const t = level - i;
  return curve[i]! + (curve[i + 1]! - curve[i]!) * t;
}

/**
 * Float64 scratch arrays reused between calls by role: the block-exact application runs per
 * channel of every tile, and fresh 8 MB arrays for each of its intermediates cost more in
 * allocation and page faults than the arithmetic. Never returned to a caller.
 */
const scratch = new Map<string, Float64Array>();
function scratchOf(role: string, length: number): Float64Array {
  let array = scratch.get(role);
  if (array === undefined || array.length !== length) {
    array = new Float64Array(length);
    scratch.set(role, array);
  }
  return array;
}

/**
 * Mean over the (2r+1)² window around each pixel, the window cut at the image's edges, into
 * `out` (a new array by default). Running sums, row pass then column pass; the column pass adds
 * the row entering the window before it subtracts the one leaving it, pixel by pixel.
 */
function boxMean(
  src: Float64Array,
  width: number,
  height: number,
  r: number,
  out: Float64Array = new Float64Array(width * height),
): Float64Array {
  const rows = scratchOf('box-rows', width * height);
  const counts = scratchOf('box-counts', width);
  for (let x = 0; x < width; x++) counts[x] = Math.min(width - 1, x + r) - Math.max(0, x - r) + 1;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let sum = 0;
    for (let x = 0; x < Math.min(r, width); x++) sum += src[base + x]!;
    for (let x = 0; x < width; x++) {
      if (x + r < width) sum += src[base + x + r]!;
      if (x - r - 1 >= 0) sum -= src[base + x - r - 1]!;
      rows[base + x] = sum / counts[x]!;
    }
  }
  const sums = scratchOf('box-sums', width).fill(0);
  for (let y = 0; y < Math.min(r, height); y++) {
    const base = y * width;
    for (let x = 0; x < width; x++) sums[x]! += rows[base + x]!;
  }
  for (let y = 0; y < height; y++) {
    const entering = y + r < height ? (y + r) * width : -1;
    const leaving = y - r - 1 >= 0 ? (y - r - 1) * width : -1;
    const count = Math.min(height - 1, y + r) - Math.max(0, y - r) + 1;
    const o = y * width;
    if (entering >= 0 && leaving >= 0) {
      for (let x = 0; x < width; x++) {
        const s = sums[x]! + rows[entering + x]! - rows[leaving + x]!;
        sums[x] = s;
        out[o + x] = s / count;
      }
    } else if (entering >= 0) {
      for (let x = 0; x < width; x++) {
        const s = sums[x]! + rows[entering + x]!;
        sums[x] = s;
        out[o + x] = s / count;
      }
    } else if (leaving >= 0) {
      for (let x = 0; x < width; x++) {
        const s = sums[x]! - rows[leaving + x]!;
        sums[x] = s;
        out[o + x] = s / count;
      }
    } else {
      for (let x = 0; x < width; x++) out[o + x] = sums[x]! / count;
    }
  }
  return out;
}

/**
 * Channel `k` of `buf` under `curve`, block-exactly (see `applyCurvesBlockExact`), as
 * fractional levels before dithering: `f(G) + f(box G) − box f(G)` over `(2·radius+1)`²
 * windows, or the plain per-pixel curve for radius 0.
 */
export function blockExactLevelsReference(
  buf: { width: number; height: number; channels: number; data: Uint8Array },
  curve: Float64Array,
  k: number,
  radius: number,
): Float64Array {
  const { width, height, channels: c } = buf;
  const n = width * height;
  if (radius === 0) {
    const curved = new Float64Array(n);
    for (let p = 0; p < n; p++) curved[p] = curve[buf.data[p * c + k]!]!;
    return curved;
  }
  const level = scratchOf('exact-level', n);
  const curved = scratchOf('exact-curved', n);
  for (let p = 0; p < n; p++) {
    const v = buf.data[p * c + k]!;
    level[p] = v;
    curved[p] = curve[v]!;
  }
  const meanLevel = boxMean(level, width, height, radius, scratchOf('exact-mean-level', n));
  const meanCurved = boxMean(curved, width, height, radius, scratchOf('exact-mean-curved', n));
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) out[p] = curved[p]! + (interpolate(curve, meanLevel[p]!) - meanCurved[p]!);
  return out;
}

import { WEIGHT_MAX } from '../constants.js';
import { assertPlaneFor, assertSameShape, type PixelBuffer } from './buffer.js';
import { composite } from './composite.js';

/**
 * Pyramid levels below full resolution. Six halvings of a 1024² tile reach 16², so the
 * coarsest band carries colour variations over ~64+ px — the scale of the drift that a
 * 128-px linear feather alone leaves visible as a band.
 */
export const MULTIBAND_LEVELS = 6;

/** Weight at or above which a pixel belongs to the generated side of the pyramid split (the feather's middle). */
const SPLIT_WEIGHT = 128;

interface Plane {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Multi-band (Laplacian pyramid, Burt–Adelson) blend of the generator's output `generated`
 * over the working canvas `canvas`: each frequency band is blended with a mask blurred to
 * that band's scale, so low frequencies (colour, brightness) cross the seam over a wide
 * zone while fine texture switches sharply (no ghosting). The pyramid split is a binary
 * mask at the feather's middle (`w ≥ 128`). The canvas has no content at its unknown
 * pixels (`w = 255`); they are filled by push–pull (the local average of the nearest canvas
 * pixels, from the coarsest scale that reaches them), so near the seam the new area's low
 * frequencies are pulled towards the canvas' own colours — the point of the method.
 *
 * The pyramid result then goes through the ordinary `composite` with the same `weights`,
 * so everything geometry.md promises of the composite still holds: pixels with `w = 0` are
 * copied from `canvas` byte for byte (I2), and `F = 0` stays a hard seam. Returns a new buffer.
 */
export function multibandComposite(
  canvas: PixelBuffer,
  generated: PixelBuffer,
  weights: Uint8Array,
  levels: number = MULTIBAND_LEVELS,
): PixelBuffer {
  assertSameShape(canvas, generated, 'multiband inputs');
  assertPlaneFor(canvas, weights, 'weights');
  if (!Number.isInteger(levels) || levels < 0) throw new RangeError(`levels must be a non-negative integer`);
  const { width, height, channels: c } = canvas;
  const n = width * height;

  let anyFeather = false;
  const split: Plane = { data: new Float32Array(n), width, height };
  for (let p = 0; p < n; p++) {
    const w = weights[p]!;
    if (w !== 0 && w !== WEIGHT_MAX) anyFeather = true;
    split.data[p] = w >= SPLIT_WEIGHT ? 1 : 0;
  }
  // Hard seam (F = 0) or nothing to blend: the pyramid would be restored away anyway.
  if (!anyFeather) return composite(canvas, generated, weights);

  const depth = Math.min(levels, maxLevels(width, height));
  const masks = gaussianPyramid(split, depth);
  const present: Plane = { data: new Float32Array(n), width, height };
  for (let p = 0; p < n; p++) present.data[p] = weights[p] === WEIGHT_MAX ? 0 : 1;
  const presence = gaussianPyramid(present, maxLevels(width, height));
  const blended = generated.data.slice();
  for (let k = 0; k < c; k++) {
    const a: Plane = { data: new Float32Array(n), width, height };
    const b: Plane = { data: new Float32Array(n), width, height };
    for (let p = 0; p < n; p++) {
      b.data[p] = generated.data[p * c + k]!;
      a.data[p] = weights[p] === WEIGHT_MAX ? 0 : canvas.data[p * c + k]!;
    }
    fillHoles(a, presence);
    const out = blendPyramids(laplacianPyramid(a, depth), laplacianPyramid(b, depth), masks);
    for (let p = 0; p < n; p++) {
      const v = Math.round(out.data[p]!);
      blended[p * c + k] = Math.max(0, Math.min(255, v));
    }
  }
  return composite(canvas, { data: blended, width, height, channels: c }, weights);
}

/** How many halvings keep the coarsest level at least 2 px on each side. */
function maxLevels(width: number, height: number): number {
  let levels = 0;
  let w = width;
  let h = height;
  while (w >= 4 && h >= 4) {
    w = (w + 1) >> 1;
    h = (h + 1) >> 1;
    levels++;
  }
  return levels;
}

function gaussianPyramid(base: Plane, depth: number): Plane[] {
  const out = [base];
  for (let k = 0; k < depth; k++) out.push(reduce(out[k]!));
  return out;
}

/** Band-pass levels plus the coarsest Gaussian level last; `collapse` inverts it exactly (in floats). */
function laplacianPyramid(base: Plane, depth: number): Plane[] {
  const gauss = gaussianPyramid(base, depth);
  const out: Plane[] = [];
  for (let k = 0; k < depth; k++) {
    const fine = gauss[k]!;
    const up = expand(gauss[k + 1]!, fine.width, fine.height);
    const d = new Float32Array(fine.data.length);
    for (let i = 0; i < d.length; i++) d[i] = fine.data[i]! - up.data[i]!;
    out.push({ data: d, width: fine.width, height: fine.height });
  }
  out.push(gauss[depth]!);
  return out;
}

/**
 * Push–pull hole filling: pixels where `presence[0]` is 0 get the presence-weighted average
 * of the plane at the first coarser scale that reaches them; present pixels keep their value.
 * `plane.data` must hold 0 at the holes (it is the presence-premultiplied plane).
 */
function fillHoles(plane: Plane, presence: Plane[]): void {
  const premultiplied = gaussianPyramid(plane, presence.length - 1);
  const top = presence.length - 1;
  // Coarsest level: plain normalised average (or 0 if nothing at all is present).
  const coarse = premultiplied[top]!;
  let value: Plane = {
    data: coarse.data.map((v, i) => {
      const k = presence[top]!.data[i]!;
      return k > 1e-6 ? v / k : 0;
    }),
    width: coarse.width,
    height: coarse.height,
  };
  for (let l = top - 1; l >= 0; l--) {
    const p = premultiplied[l]!;
    const k = presence[l]!;
    const up = expand(value, p.width, p.height);
    const next = new Float32Array(p.data.length);
    for (let i = 0; i < next.length; i++) {
      // P + (1 − K)·up: the present share as measured, the missing share from the coarser scale.
      next[i] = p.data[i]! + (1 - Math.min(1, k.data[i]!)) * up.data[i]!;
    }
    value = { data: next, width: p.width, height: p.height };
  }
  for (let i = 0; i < plane.data.length; i++) if (presence[0]!.data[i] === 0) plane.data[i] = value.data[i]!;
}

function blendPyramids(a: Plane[], b: Plane[], masks: Plane[]): Plane {
  let acc: Plane | null = null;
  for (let k = a.length - 1; k >= 0; k--) {
    const la = a[k]!;
    const lb = b[k]!;
    const m = masks[k]!;
    const level = new Float32Array(la.data.length);
    for (let i = 0; i < level.length; i++) {
      const mk = m.data[i]!;
      level[i] = la.data[i]! * (1 - mk) + lb.data[i]! * mk;
    }
    if (acc !== null) {
      const up = expand(acc, la.width, la.height);
      for (let i = 0; i < level.length; i++) level[i]! += up.data[i]!;
    }
    acc = { data: level, width: la.width, height: la.height };
  }
  return acc!;
}

/** 5-tap binomial blur [1 4 6 4 1]/16 along both axes, then every second pixel; edges clamp. */
function reduce(src: Plane): Plane {
  const { width: w, height: h, data } = src;
  const w2 = (w + 1) >> 1;
  const h2 = (h + 1) >> 1;
  // Horizontal pass only at the kept columns.
  const tmp = new Float32Array(w2 * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x2 = 0; x2 < w2; x2++) {
      const x = 2 * x2;
      const l2 = data[row + clamp(x - 2, w)]!;
      const l1 = data[row + clamp(x - 1, w)]!;
      const r1 = data[row + clamp(x + 1, w)]!;
      const r2 = data[row + clamp(x + 2, w)]!;
      tmp[y * w2 + x2] = (l2 + 4 * l1 + 6 * data[row + x]! + 4 * r1 + r2) / 16;
    }
  }
  const out = new Float32Array(w2 * h2);
  for (let y2 = 0; y2 < h2; y2++) {
    const y = 2 * y2;
    const u2 = clamp(y - 2, h) * w2;
    const u1 = clamp(y - 1, h) * w2;
    const m = y * w2;
    const d1 = clamp(y + 1, h) * w2;
    const d2 = clamp(y + 2, h) * w2;
    for (let x2 = 0; x2 < w2; x2++) {
      out[y2 * w2 + x2] =
        (tmp[u2 + x2]! + 4 * tmp[u1 + x2]! + 6 * tmp[m + x2]! + 4 * tmp[d1 + x2]! + tmp[d2 + x2]!) / 16;
    }
  }
  return { data: out, width: w2, height: h2 };
}

/**
 * Upsamples a coarse level to `width × height`: the zero-insert + 2·[1 4 6 4 1]/16 filter,
 * written per output parity (even: (c₋₁ + 6c₀ + c₊₁)/8, odd: (c₀ + c₊₁)/2); edges clamp.
 */
function expand(src: Plane, width: number, height: number): Plane {
  const { width: sw, height: sh, data } = src;
  const tmp = new Float32Array(width * sh);
  for (let y = 0; y < sh; y++) {
    const row = y * sw;
    for (let x = 0; x < width; x++) {
      const i = x >> 1;
      tmp[y * width + x] =
        (x & 1) === 0
          ? (data[row + clamp(i - 1, sw)]! + 6 * data[row + i]! + data[row + clamp(i + 1, sw)]!) / 8
          : (data[row + i]! + data[row + clamp(i + 1, sw)]!) / 2;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const i = y >> 1;
    const r0 = i * width;
    const rm = clamp(i - 1, sh) * width;
    const rp = clamp(i + 1, sh) * width;
    const o = y * width;
    if ((y & 1) === 0) {
      for (let x = 0; x < width; x++) out[o + x] = (tmp[rm + x]! + 6 * tmp[r0 + x]! + tmp[rp + x]!) / 8;
    } else {
      for (let x = 0; x < width; x++) out[o + x] = (tmp[r0 + x]! + tmp[rp + x]!) / 2;
    }
  }
  return { data: out, width, height };
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

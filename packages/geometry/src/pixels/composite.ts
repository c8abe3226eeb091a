import { WEIGHT_MAX } from '../constants.js';
import { assertPlaneFor, assertSameShape, type PixelBuffer } from './buffer.js';

/**
 * Blends the generator's output `generated` (G) over the working canvas `canvas` (C):
 * `out = ⌊(C·(255 − w) + G·w + 127) / 255⌋` per channel, in integers. Pixels with
 * `w = 0` are copied from C byte for byte — which is what makes I2 hold even though the
 * generator treats the mask only as guidance. Returns a new buffer.
 */
export function composite(canvas: PixelBuffer, generated: PixelBuffer, weights: Uint8Array): PixelBuffer {
  assertSameShape(canvas, generated, 'composite inputs');
  assertPlaneFor(canvas, weights, 'weights');
  const c = canvas.channels;
  const C = canvas.data;
  const G = generated.data;
  const out = C.slice();
  for (let p = 0, base = 0; p < weights.length; p++, base += c) {
    const w = weights[p]!;
    if (w === 0) continue; // already a byte-for-byte copy of C
    if (w === WEIGHT_MAX) {
      // ⌊(G·255 + 127) / 255⌋ = G: the generated pixel as it is (half a tile is this).
      for (let k = base; k < base + c; k++) out[k] = G[k]!;
      continue;
    }
    const keep = WEIGHT_MAX - w;
    for (let k = base; k < base + c; k++) {
      // x ≤ 255·255 + 127 < 2^16, where ⌊x / 255⌋ = (x + 1 + ⌊x / 256⌋) >> 8 exactly (checked for
      // every such x in the tests): integer shifts instead of a float division per byte.
      const x = C[k]! * keep + G[k]! * w + 127;
      out[k] = (x + 1 + (x >> 8)) >> 8;
    }
  }
  return { data: out, width: canvas.width, height: canvas.height, channels: c };
}

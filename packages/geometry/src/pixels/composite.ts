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
  for (let p = 0; p < weights.length; p++) {
    const w = weights[p]!;
    if (w === 0) continue; // already a byte-for-byte copy of C
    const keep = WEIGHT_MAX - w;
    const base = p * c;
    // Operands are non-negative and below 2^31, so truncation with `| 0` is the floor.
    for (let k = base; k < base + c; k++) out[k] = ((C[k]! * keep + G[k]! * w + 127) / WEIGHT_MAX) | 0;
  }
  return { data: out, width: canvas.width, height: canvas.height, channels: c };
}

import type { Direction } from '../direction.js';
import { intersectRect, type Rect } from '../rect.js';
import { assertPixelBuffer, clonePixelBuffer, type PixelBuffer } from './buffer.js';

/** How the unknown part of a reference image is filled before it goes to the generator. */
export type PrefillMode = 'smear' | 'black';

export const PREFILL_MODES: readonly PrefillMode[] = Object.freeze(['smear', 'black']);
export const DEFAULT_PREFILL_MODE: PrefillMode = 'smear';

export function isPrefillMode(value: unknown): value is PrefillMode {
  return value === 'smear' || value === 'black';
}

/**
 * A copy of `buf` with the pixels of `unknown` (buffer-local) filled deterministically.
 * - `'smear'` (default): each unknown pixel copies the nearest known pixel on the
 *   frontier along the growth axis — for `right`, the pixel just left of the unknown rect
 *   in the same row; `left` just right of it; `down` just above it; `up` just below it.
 *   Models continue stretched edge colours far better than a hard black wall.
 * - `'black'`: colour 0, alpha (if any) 255.
 * Throws a `RangeError` when smearing needs a frontier outside the buffer.
 */
export function prefill(
  buf: PixelBuffer,
  unknown: Rect,
  direction: Direction,
  mode: PrefillMode = DEFAULT_PREFILL_MODE,
): PixelBuffer {
  assertPixelBuffer(buf);
  const out = clonePixelBuffer(buf);
  const area = intersectRect(unknown, { x: 0, y: 0, width: buf.width, height: buf.height });
  if (area === null) return out;
  const { width, channels: c } = buf;
  const data = out.data;
  const x0 = area.x;
  const y0 = area.y;
  const x1 = area.x + area.width;
  const y1 = area.y + area.height;

  if (mode === 'black') {
    for (let y = y0; y < y1; y++) {
      data.fill(0, (y * width + x0) * c, (y * width + x1) * c);
      if (c === 4) for (let x = x0; x < x1; x++) data[(y * width + x) * c + 3] = 255;
    }
    return out;
  }
  if (mode !== 'smear') throw new RangeError(`unknown prefill mode ${String(mode)}`);

  const frontier = smearFrontier(area, direction);
  if (frontier < 0 || frontier >= (direction === 'right' || direction === 'left' ? buf.width : buf.height)) {
    throw new RangeError(
      `prefill: the ${direction} frontier (${frontier}) of the unknown rect is outside the buffer`,
    );
  }
  if (direction === 'right' || direction === 'left') {
    for (let y = y0; y < y1; y++) {
      const source = (y * width + frontier) * c;
      for (let k = 0; k < c; k++) {
        const value = data[source + k]!;
        for (let i = (y * width + x0) * c + k; i < (y * width + x1) * c; i += c) data[i] = value;
      }
    }
  } else {
    const sourceRow = (frontier * width + x0) * c;
    for (let y = y0; y < y1; y++)
      data.copyWithin((y * width + x0) * c, sourceRow, sourceRow + area.width * c);
  }
  return out;
}

/** The column (right/left) or row (up/down) of known pixels that the unknown rect grows from. */
function smearFrontier(area: Rect, direction: Direction): number {
  switch (direction) {
    case 'right':
      return area.x - 1;
    case 'left':
      return area.x + area.width;
    case 'down':
      return area.y - 1;
    case 'up':
      return area.y + area.height;
  }
}

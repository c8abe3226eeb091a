import { intersectRect, type Point, type Rect, rectBottom, rectRight } from '../rect.js';
import { assertPixelBuffer, createPixelBuffer, type PixelBuffer } from './buffer.js';

/** A world rect in the local coordinates of a buffer whose top-left pixel sits at world `origin`. */
export function worldToLocal(worldRect: Rect, origin: Point): Rect {
  return {
    x: worldRect.x - origin.x,
    y: worldRect.y - origin.y,
    width: worldRect.width,
    height: worldRect.height,
  };
}

/** Inverse of {@link worldToLocal}. */
export function localToWorld(localRect: Rect, origin: Point): Rect {
  return {
    x: localRect.x + origin.x,
    y: localRect.y + origin.y,
    width: localRect.width,
    height: localRect.height,
  };
}

/** The world rect a buffer covers when its top-left pixel sits at world `origin`. */
export function bufferWorldRect(buf: PixelBuffer, origin: Point): Rect {
  return { x: origin.x, y: origin.y, width: buf.width, height: buf.height };
}

/** A copy of the pixels of `rect` (buffer-local). `rect` must lie inside the buffer. */
export function crop(buf: PixelBuffer, rect: Rect): PixelBuffer {
  assertPixelBuffer(buf);
  if (
    !Number.isInteger(rect.x) ||
    !Number.isInteger(rect.y) ||
    rect.x < 0 ||
    rect.y < 0 ||
    rect.width < 0 ||
    rect.height < 0 ||
    rectRight(rect) > buf.width ||
    rectBottom(rect) > buf.height
  ) {
    throw new RangeError(
      `crop rect {${rect.x},${rect.y} ${rect.width}×${rect.height}} is not inside ${buf.width}×${buf.height}`,
    );
  }
  const out = createPixelBuffer(rect.width, rect.height, buf.channels);
  const rowBytes = rect.width * buf.channels;
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * buf.width + rect.x) * buf.channels;
    out.data.set(buf.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return out;
}

/**
 * Copies `src` into `dst` with its top-left at `at` (dst-local), in place. Parts of `src`
 * falling outside `dst` are clipped away, so cells can be pasted into a tile (or a tile
 * into a cell) without the caller trimming first. Returns the dst-local rect written,
 * or `null` when nothing overlapped.
 */
export function paste(dst: PixelBuffer, src: PixelBuffer, at: Point): Rect | null {
  assertPixelBuffer(dst);
  assertPixelBuffer(src);
  if (dst.channels !== src.channels) {
    throw new RangeError(`paste needs equal channels, got ${src.channels} into ${dst.channels}`);
  }
  const written = intersectRect(
    { x: at.x, y: at.y, width: src.width, height: src.height },
    { x: 0, y: 0, width: dst.width, height: dst.height },
  );
  if (written === null) return null;
  const c = dst.channels;
  const rowBytes = written.width * c;
  for (let y = written.y; y < rectBottom(written); y++) {
    const from = ((y - at.y) * src.width + (written.x - at.x)) * c;
    dst.data.set(src.data.subarray(from, from + rowBytes), (y * dst.width + written.x) * c);
  }
  return written;
}

/**
 * True when the pixels of `buf` under `rect` are byte-identical to `pixels` (a buffer of the
 * rect's size and `buf`'s channels) — what `crop(buf, rect)` equal to `pixels` would say,
 * without the copy.
 */
export function regionEquals(buf: PixelBuffer, rect: Rect, pixels: PixelBuffer): boolean {
  assertPixelBuffer(buf);
  assertPixelBuffer(pixels);
  if (pixels.width !== rect.width || pixels.height !== rect.height || pixels.channels !== buf.channels) {
    throw new RangeError(
      `regionEquals: ${pixels.width}×${pixels.height}×${pixels.channels} pixels for a ${rect.width}×${rect.height} rect of a ${buf.channels}-channel buffer`,
    );
  }
  if (rect.x < 0 || rect.y < 0 || rectRight(rect) > buf.width || rectBottom(rect) > buf.height) {
    throw new RangeError(
      `rect {${rect.x},${rect.y} ${rect.width}×${rect.height}} is not inside ${buf.width}×${buf.height}`,
    );
  }
  const rowBytes = rect.width * buf.channels;
  const a = buf.data;
  const b = pixels.data;
  for (let y = 0; y < rect.height; y++) {
    let i = ((rect.y + y) * buf.width + rect.x) * buf.channels;
    let j = y * rowBytes;
    const end = j + rowBytes;
    while (j < end) if (a[i++] !== b[j++]) return false;
  }
  return true;
}

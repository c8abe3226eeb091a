/** Interleaved 8-bit pixels, row-major: byte `(y·width + x)·channels + c`. RGB or RGBA. */
export interface PixelBuffer {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** A new buffer of `width × height` pixels, every byte set to `fill` (default 0). */
export function createPixelBuffer(width: number, height: number, channels: 3 | 4, fill = 0): PixelBuffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`buffer size must be non-negative integers, got ${width}×${height}`);
  }
  if (channels !== 3 && channels !== 4)
    throw new RangeError(`channels must be 3 or 4, got ${String(channels)}`);
  const data = new Uint8Array(width * height * channels);
  // A new Uint8Array is already zeroed; filling it again costs a pass over every byte.
  if (fill !== 0) data.fill(fill);
  return { data, width, height, channels };
}

/** Wraps existing bytes as a buffer, checking the length matches. */
export function pixelBufferFrom(
  data: Uint8Array,
  width: number,
  height: number,
  channels: 3 | 4,
): PixelBuffer {
  assertPixelBuffer({ data, width, height, channels });
  return { data, width, height, channels };
}

/** A deep copy. */
export function clonePixelBuffer(buf: PixelBuffer): PixelBuffer {
  return { data: buf.data.slice(), width: buf.width, height: buf.height, channels: buf.channels };
}

/** Throws a `RangeError` unless `buf.data` holds exactly `width·height·channels` bytes. */
export function assertPixelBuffer(buf: PixelBuffer): void {
  if (buf.channels !== 3 && buf.channels !== 4) {
    throw new RangeError(`channels must be 3 or 4, got ${String(buf.channels)}`);
  }
  const expected = buf.width * buf.height * buf.channels;
  if (buf.data.length !== expected) {
    throw new RangeError(
      `buffer of ${buf.width}×${buf.height}×${buf.channels} needs ${expected} bytes, has ${buf.data.length}`,
    );
  }
}

/** Throws a `RangeError` unless both buffers have the same size and channel count. */
export function assertSameShape(a: PixelBuffer, b: PixelBuffer, what = 'buffers'): void {
  assertPixelBuffer(a);
  assertPixelBuffer(b);
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new RangeError(
      `${what} differ in shape: ${a.width}×${a.height}×${a.channels} vs ${b.width}×${b.height}×${b.channels}`,
    );
  }
}

/** Throws a `RangeError` unless `plane` has one byte per pixel of `buf`. */
export function assertPlaneFor(buf: PixelBuffer, plane: Uint8Array, what: string): void {
  if (plane.length !== buf.width * buf.height) {
    throw new RangeError(`${what} has ${plane.length} entries, buffer has ${buf.width * buf.height} pixels`);
  }
}

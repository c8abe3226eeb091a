import type { GeneratedImage, ImageProvider } from '@exquisite/generator';
import type { PixelBuffer } from '@exquisite/geometry';
import { decodeImage, encodePng } from '../image/codec.js';

type Edit = ImageProvider['edit'];

/** A provider whose `edit` is the given function; `create` is not used by tiles. */
export function fakeGenerator(edit: Edit, name = 'fake'): ImageProvider {
  return {
    name,
    model: `${name}-model`,
    edit,
    create: async () => {
      throw new Error('create is not used by the tile runner');
    },
  };
}

export function generated(image: Uint8Array, requestId = 'req-1'): GeneratedImage {
  return { image, provider: 'fake', model: 'fake-model', requestId, usage: { images: 1 }, attempts: 1 };
}

/** Returns an image of the given size (to provoke DIMENSION_MISMATCH). */
export function wrongSizeGenerator(width: number, height: number): ImageProvider {
  return fakeGenerator(async () => {
    const buf: PixelBuffer = {
      data: new Uint8Array(width * height * 3).fill(128),
      width,
      height,
      channels: 3,
    };
    return generated(await encodePng(buf));
  });
}

/** Returns bytes that are no image at all (to provoke DECODE_ERROR). */
export function garbageGenerator(): ImageProvider {
  return fakeGenerator(async () => generated(new TextEncoder().encode('this is not a PNG at all')));
}

/** Returns the reference with every channel shifted by `delta`, as a drifting model would. */
export function shiftingGenerator(delta: number): ImageProvider {
  return fakeGenerator(async ({ image }) => {
    const ref = await decodeImage(image);
    const data = ref.data.map((v) => Math.max(0, Math.min(255, v + delta)));
    return generated(await encodePng({ ...ref, data }));
  });
}

/**
 * Returns the reference under one tone law on every channel — 255·(offset + gain·(v/255)^γ),
 * rounded and clamped to 0…255 — as a model that brightens (and clips its highlights) would.
 */
export function toneGenerator(law: { gain: number; offset: number; gamma: number }): ImageProvider {
  const curve = Uint8Array.from({ length: 256 }, (_, v) =>
    Math.max(0, Math.min(255, Math.round(255 * (law.offset + law.gain * (v / 255) ** law.gamma)))),
  );
  return fakeGenerator(async ({ image }) => {
    const ref = await decodeImage(image);
    return generated(await encodePng({ ...ref, data: ref.data.map((v) => curve[v]!) }));
  });
}

/** Waits until aborted, then rejects with the signal's reason (like the real providers). */
export function hangingGenerator(onCalled?: () => void): ImageProvider {
  return fakeGenerator(
    ({ signal }) =>
      new Promise((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        onCalled?.();
      }),
  );
}

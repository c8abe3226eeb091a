import { mulberry32, seedFromHash } from './prng.js';

export type Rgb = readonly [number, number, number];
export type TextureKind = 'clouds' | 'stripes' | 'blobs';

/** What a prompt "means" to the mock: a few colours and a texture family. */
export interface PromptLook {
  /** Main colour the new area drifts toward. */
  base: Rgb;
  /** Second colour, mixed in by the texture. */
  secondary: Rgb;
  /** Sparse accent colour (blobs, highlights). */
  accent: Rgb;
  texture: TextureKind;
  /** Stripe / blob scale in pixels. */
  scalePx: number;
}

const TEXTURES: readonly TextureKind[] = ['clouds', 'stripes', 'blobs'];

export function lookFromPromptHash(promptHash: Uint8Array): PromptLook {
  const random = mulberry32(seedFromHash(promptHash, 0));
  const hue = random() * 360;
  const saturation = 0.35 + random() * 0.4;
  const lightness = 0.35 + random() * 0.3;
  return {
    base: hslToRgb(hue, saturation, lightness),
    secondary: hslToRgb((hue + 25 + random() * 40) % 360, saturation * 0.8, Math.min(0.85, lightness + 0.15)),
    accent: hslToRgb((hue + 180) % 360, Math.min(1, saturation + 0.2), 0.55),
    texture: TEXTURES[Math.floor(random() * TEXTURES.length)] ?? 'clouds',
    scalePx: 48 + Math.floor(random() * 96),
  };
}

/** HSL (h in degrees, s and l in 0…1) to 8-bit RGB; plain arithmetic only. */
export function hslToRgb(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const hp = h / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  const [r, g, b] =
    hp < 1
      ? [c, x, 0]
      : hp < 2
        ? [x, c, 0]
        : hp < 3
          ? [0, c, x]
          : hp < 4
            ? [0, x, c]
            : hp < 5
              ? [x, 0, c]
              : [c, 0, x];
  const m = l - c / 2;
  return [to8(r + m), to8(g + m), to8(b + m)];
}

function to8(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v * 255)));
}

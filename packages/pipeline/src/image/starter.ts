import type { PixelBuffer } from '@exquisite/geometry';

/**
 * Built-in starter pictures for rooms that start without an upload or a prompt.
 * Procedural (sky gradient, sun, rolling hills), drawn with plain loops so that they are
 * deterministic, need no asset files and no generator call.
 */
export const STARTER_NAMES = ['meadow', 'dusk', 'lagoon'] as const;
export type StarterName = (typeof STARTER_NAMES)[number];

type Rgb = readonly [number, number, number];

interface Palette {
  skyTop: Rgb;
  skyHorizon: Rgb;
  sun: Rgb;
  sunX: number;
  sunY: number;
  sunRadius: number;
  /** Far to near; each layer is darker/more saturated to give depth. */
  hills: readonly Rgb[];
}

const PALETTES: Record<StarterName, Palette> = {
  meadow: {
    skyTop: [64, 132, 214],
    skyHorizon: [196, 226, 246],
    sun: [255, 244, 196],
    sunX: 0.72,
    sunY: 0.24,
    sunRadius: 70,
    hills: [
      [128, 170, 150],
      [96, 160, 96],
      [64, 128, 60],
      [44, 100, 44],
    ],
  },
  dusk: {
    skyTop: [44, 36, 96],
    skyHorizon: [248, 150, 96],
    sun: [255, 212, 128],
    sunX: 0.35,
    sunY: 0.5,
    sunRadius: 90,
    hills: [
      [120, 80, 110],
      [88, 56, 90],
      [60, 38, 70],
      [36, 24, 48],
    ],
  },
  lagoon: {
    skyTop: [30, 110, 170],
    skyHorizon: [170, 220, 224],
    sun: [255, 255, 230],
    sunX: 0.5,
    sunY: 0.18,
    sunRadius: 56,
    hills: [
      [110, 180, 190],
      [60, 160, 170],
      [40, 130, 150],
      [200, 190, 150],
    ],
  },
};

const SIZE = 1024;

export function isStarterName(value: string): value is StarterName {
  return (STARTER_NAMES as readonly string[]).includes(value);
}

/** A 1024×1024 RGB starter picture. Unknown names are a RangeError. */
export function starterImage(name: StarterName = 'meadow'): PixelBuffer {
  const palette = PALETTES[name];
  if (palette === undefined) throw new RangeError(`unknown starter image ${name}`);
  const data = new Uint8Array(SIZE * SIZE * 3);
  const sunCx = palette.sunX * SIZE;
  const sunCy = palette.sunY * SIZE;

  for (let y = 0; y < SIZE; y++) {
    const t = y / (SIZE - 1);
    for (let x = 0; x < SIZE; x++) {
      // Sky: vertical gradient, warmed by a soft glow around the sun.
      let r = lerp(palette.skyTop[0], palette.skyHorizon[0], t);
      let g = lerp(palette.skyTop[1], palette.skyHorizon[1], t);
      let b = lerp(palette.skyTop[2], palette.skyHorizon[2], t);
      const dist = Math.hypot(x - sunCx, y - sunCy);
      const glow = Math.max(0, 1 - dist / (palette.sunRadius * 4)) ** 2 * 0.5;
      r = lerp(r, palette.sun[0], glow);
      g = lerp(g, palette.sun[1], glow);
      b = lerp(b, palette.sun[2], glow);
      // Sun disc with a one-pixel anti-aliased rim.
      const disc = clamp01(palette.sunRadius + 0.5 - dist);
      r = lerp(r, palette.sun[0], disc);
      g = lerp(g, palette.sun[1], disc);
      b = lerp(b, palette.sun[2], disc);
      // Hills, far to near; nearer layers sit lower and roll with a longer wavelength.
      palette.hills.forEach((colour, layer) => {
        const ridge = hillRidge(x, layer);
        const cover = clamp01(y - ridge + 0.5);
        if (cover <= 0) return;
        // Slight shading down the slope so the hills are not flat cut-outs.
        const shade = 1 - Math.min(0.25, (y - ridge) / 1600);
        r = lerp(r, colour[0] * shade, cover);
        g = lerp(g, colour[1] * shade, cover);
        b = lerp(b, colour[2] * shade, cover);
      });
      const i = (y * SIZE + x) * 3;
      data[i] = Math.round(r);
      data[i + 1] = Math.round(g);
      data[i + 2] = Math.round(b);
    }
  }
  return { data, width: SIZE, height: SIZE, channels: 3 };
}

function hillRidge(x: number, layer: number): number {
  const base = 560 + layer * 110;
  const wave = 1 + layer * 0.6;
  return (
    base +
    Math.sin((x / SIZE) * Math.PI * (2.2 / wave) + layer * 1.7) * (60 - layer * 8) +
    Math.sin((x / SIZE) * Math.PI * (5.3 / wave) + layer * 0.9) * (22 - layer * 3)
  );
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

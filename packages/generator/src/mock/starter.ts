import { createValueNoise } from './noise.js';
import type { PromptLook } from './palette.js';
import { hslToRgb } from './palette.js';
import { smoothstep } from './texture.js';

/**
 * The mock's text-to-image: a prompt-seeded landscape (sky gradient, a sun, rolling hills,
 * a textured ground) that reads as a plausible starting picture. Pure; raw RGB out.
 */
export function paintStarter(look: PromptLook, random: () => number, sidePx: number): Uint8Array {
  const out = new Uint8Array(sidePx * sidePx * 3);
  const horizon = Math.floor(sidePx * (0.45 + random() * 0.15));
  const sunX = sidePx * (0.15 + random() * 0.7);
  const sunY = horizon * (0.25 + random() * 0.45);
  const sunR = sidePx * (0.05 + random() * 0.05);
  const hillNoise = createValueNoise(random, 160, sidePx);
  const farHillNoise = createValueNoise(random, 300, sidePx);
  const groundNoise = createValueNoise(random, look.scalePx, sidePx);
  const grain = createValueNoise(random, 5, sidePx);
  const skyTop = hslToRgb(210 + random() * 30, 0.55, 0.35 + random() * 0.15);
  const skyLow = look.secondary;
  const sun = look.accent;

  // Hill outlines depend on x only: one row of noise each.
  const farHills = new Float32Array(sidePx);
  const hills = new Float32Array(sidePx);
  farHillNoise.fillRow(0, 0, sidePx, farHills);
  hillNoise.fillRow(0, 0, sidePx, hills);
  const groundRow = new Float32Array(sidePx);
  const grainRow = new Float32Array(sidePx);

  for (let y = 0; y < sidePx; y++) {
    groundNoise.fillRow(y, 0, sidePx, groundRow);
    grain.fillRow(y, 0, sidePx, grainRow);
    for (let x = 0; x < sidePx; x++) {
      const farHill = horizon - 40 - farHills[x]! * 120;
      const hill = horizon + 20 - hills[x]! * 90;
      let r: number;
      let g: number;
      let b: number;
      if (y < farHill && y < hill) {
        const t = y / Math.max(1, horizon);
        r = skyTop[0] + (skyLow[0] - skyTop[0]) * t;
        g = skyTop[1] + (skyLow[1] - skyTop[1]) * t;
        b = skyTop[2] + (skyLow[2] - skyTop[2]) * t;
        const dx = x - sunX;
        const dy = y - sunY;
        const glow = 1 - smoothstep(sunR * 0.9, sunR * 1.1, Math.sqrt(dx * dx + dy * dy));
        r += (sun[0] - r) * glow;
        g += (sun[1] - g) * glow;
        b += (sun[2] - b) * glow;
      } else if (y < hill) {
        // Far hills: a hazy mix of the ground colour and the sky.
        r = (look.base[0] + skyLow[0]) / 2;
        g = (look.base[1] + skyLow[1]) / 2;
        b = (look.base[2] + skyLow[2]) / 2;
      } else {
        const depth = (y - hill) / Math.max(1, sidePx - hill);
        const n = groundRow[x]!;
        const shade = 0.75 + 0.35 * n - 0.3 * depth;
        r = look.base[0] * shade;
        g = look.base[1] * shade;
        b = look.base[2] * shade;
      }
      const fine = (grainRow[x]! - 0.5) * 10;
      const o = (y * sidePx + x) * 3;
      out[o] = clamp(r + fine);
      out[o + 1] = clamp(g + fine);
      out[o + 2] = clamp(b + fine);
    }
  }
  return out;
}

function clamp(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

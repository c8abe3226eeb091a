import { createValueNoise, triangle } from './noise.js';
import type { PromptLook } from './palette.js';

/**
 * A prompt-seeded colour field: the "content" the mock paints into new areas. Filled a row
 * at a time (the mock's hot path: about 600 000 pixels per tile).
 */
export interface ColourField {
  /** Writes the field's RGB for pixels (x0…x1−1, y) into `out` (3 floats per pixel). */
  fillRow(y: number, x0: number, x1: number, out: Float32Array): void;
}

export function createColourField(look: PromptLook, random: () => number, sidePx: number): ColourField {
  const broad = createValueNoise(random, 192, sidePx);
  const medium = createValueNoise(random, look.scalePx, sidePx);
  const grain = createValueNoise(random, 6, sidePx);
  // Stripe orientation: a random unit vector (sqrt is exactly rounded, so still portable).
  const ax = random() * 2 - 1;
  const ay = random() * 2 - 1;
  const norm = Math.sqrt(ax * ax + ay * ay) || 1;
  const ux = ax / norm;
  const uy = ay / norm;
  const [br, bg, bb] = look.base;
  const [sr, sg, sb] = look.secondary;
  const [ar, ag, ab] = look.accent;
  const broadRow = new Float32Array(sidePx);
  const mediumRow = new Float32Array(sidePx);
  const grainRow = new Float32Array(sidePx);

  return {
    fillRow(y, x0, x1, out) {
      broad.fillRow(y, x0, x1, broadRow);
      medium.fillRow(y, x0, x1, mediumRow);
      grain.fillRow(y, x0, x1, grainRow);
      for (let x = x0; x < x1; x++) {
        const i = x - x0;
        let mix: number;
        let accent = 0;
        if (look.texture === 'clouds') {
          mix = 0.65 * broadRow[i]! + 0.35 * mediumRow[i]!;
        } else if (look.texture === 'stripes') {
          const warp = (broadRow[i]! - 0.5) * look.scalePx * 1.5;
          mix = 0.75 * triangle(x * ux + y * uy + warp + sidePx, look.scalePx) + 0.25 * mediumRow[i]!;
        } else {
          mix = broadRow[i]!;
          accent = smoothstep(0.58, 0.72, mediumRow[i]!) * 0.8;
        }
        const fine = (grainRow[i]! - 0.5) * 18;
        const r = br + (sr - br) * mix;
        const g = bg + (sg - bg) * mix;
        const b = bb + (sb - bb) * mix;
        out[i * 3] = r + (ar - r) * accent + fine;
        out[i * 3 + 1] = g + (ag - g) * accent + fine;
        out[i * 3 + 2] = b + (ab - b) * accent + fine;
      }
    },
  };
}

export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

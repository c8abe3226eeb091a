/**
 * Smooth value noise from a coarse random lattice, bilinearly interpolated with a smoothstep
 * fade. Only + − × ÷ and floor, so the output is bit-identical on every platform (no
 * Math.sin/exp, whose last bits may differ between engines).
 */
export interface ValueNoise {
  /** Noise in [0, 1] at pixel (x, y). */
  at(x: number, y: number): number;
  /** Fills `out[i]` with the noise at (x0 + i, y) for x0 ≤ x0 + i < x1; the hot path. */
  fillRow(y: number, x0: number, x1: number, out: Float32Array): void;
}

export function createValueNoise(random: () => number, cellPx: number, sidePx: number): ValueNoise {
  const cells = Math.ceil(sidePx / cellPx) + 2;
  const lattice = new Float64Array(cells * cells);
  for (let i = 0; i < lattice.length; i++) lattice[i] = random();
  // Per-column lattice cell and fade weight, shared by every row (the hot path's inner loop).
  const columnCell = new Int32Array(sidePx);
  const columnFade = new Float32Array(sidePx);
  for (let x = 0; x < sidePx; x++) {
    const gx = x / cellPx;
    columnCell[x] = Math.floor(gx);
    columnFade[x] = fade(gx - Math.floor(gx));
  }
  return {
    at(x, y) {
      const gx = x / cellPx;
      const gy = y / cellPx;
      const ix = Math.floor(gx);
      const iy = Math.floor(gy);
      const fx = fade(gx - ix);
      const fy = fade(gy - iy);
      const i00 = iy * cells + ix;
      const a = lattice[i00]!;
      const b = lattice[i00 + 1]!;
      const c = lattice[i00 + cells]!;
      const d = lattice[i00 + cells + 1]!;
      const top = a + (b - a) * fx;
      const bottom = c + (d - c) * fx;
      return top + (bottom - top) * fy;
    },
    fillRow(y, x0, x1, out) {
      const gy = y / cellPx;
      const iy = Math.floor(gy);
      const fy = fade(gy - iy);
      const rowTop = iy * cells;
      const rowBottom = rowTop + cells;
      let ix = -1;
      let left = 0;
      let right = 0;
      for (let x = x0; x < x1; x++) {
        const cx = columnCell[x]!;
        if (cx !== ix) {
          // Interpolate vertically once per lattice cell, then only horizontally per pixel.
          ix = cx;
          const a = lattice[rowTop + cx]!;
          const c = lattice[rowBottom + cx]!;
          const b = lattice[rowTop + cx + 1]!;
          const d = lattice[rowBottom + cx + 1]!;
          left = a + (c - a) * fy;
          right = b + (d - b) * fy;
        }
        out[x - x0] = left + (right - left) * columnFade[x]!;
      }
    },
  };
}

function fade(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Triangle wave in [0, 1] with the given period: a periodic shape without Math.sin. */
export function triangle(value: number, period: number): number {
  const phase = value / period - Math.floor(value / period);
  return phase < 0.5 ? phase * 2 : 2 - phase * 2;
}

import { type Direction, maskAlpha, planStep } from '@exquisite/geometry';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MockImageProvider } from './provider.js';

const SIDE = 1024;
const FEATHER = 128;

/** 8-px blocks of pseudo-random colour: any misplaced mirror shows up as a large difference. */
async function blockyReference(): Promise<{ reference: Buffer; referenceRgb: Uint8Array }> {
  const referenceRgb = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const block = Math.imul((x >> 3) + 1, 73856093) ^ Math.imul((y >> 3) + 1, 19349663);
      const o = (y * SIDE + x) * 3;
      referenceRgb[o] = (block >>> 3) & 255;
      referenceRgb[o + 1] = (block >>> 11) & 255;
      referenceRgb[o + 2] = (block >>> 19) & 255;
    }
  }
  const reference = await sharp(referenceRgb, { raw: { width: SIDE, height: SIDE, channels: 3 } })
    .png()
    .toBuffer();
  return { reference, referenceRgb };
}

/**
 * The masks the pipeline really sends (from @exquisite/geometry): a half for the first tile
 * of a step, a feathered quarter for later ones, on any side. The mock must find the
 * frontier in each case and continue from it.
 */
describe('MockImageProvider with geometry masks', () => {
  const directions: Direction[] = ['right', 'left', 'up', 'down'];
  for (const direction of directions) {
    it(`continues from the frontier for tiles 0 and 1 of a ${direction} step`, async () => {
      const { reference, referenceRgb } = await blockyReference();
      const plan = planStep({ x: 0, y: 0, width: 2048, height: 2048 }, direction, { featherPx: FEATHER });
      expect(plan.tiles).toHaveLength(3);
      for (const tile of plan.tiles.slice(0, 2)) {
        const alpha = maskAlpha(tile, FEATHER);
        const rgba = new Uint8Array(SIDE * SIDE * 4);
        for (let i = 0; i < alpha.length; i++) rgba[i * 4 + 3] = alpha[i]!;
        const mask = await sharp(rgba, { raw: { width: SIDE, height: SIDE, channels: 4 } })
          .png()
          .toBuffer();
        const result = await new MockImageProvider().edit({
          image: reference,
          mask,
          prompt: `${direction} ${tile.index}`,
        });
        const out = new Uint8Array(await sharp(result.image).raw().toBuffer());

        let frontierDiff = 0;
        let frontierPairs = 0;
        let keptChanged = 0;
        for (let y = 0; y < SIDE; y++) {
          for (let x = 0; x < SIDE; x++) {
            const i = y * SIDE + x;
            if (alpha[i] === 255) {
              for (let c = 0; c < 3; c++) if (out[i * 3 + c] !== referenceRgb[i * 3 + c]) keptChanged++;
              continue;
            }
            // Editable pixel: compare with each 4-neighbour that is kept (the seam).
            for (const [nx, ny] of [
              [x - 1, y],
              [x + 1, y],
              [x, y - 1],
              [x, y + 1],
            ] as const) {
              if (nx < 0 || ny < 0 || nx >= SIDE || ny >= SIDE || alpha[ny * SIDE + nx] !== 255) continue;
              const n = ny * SIDE + nx;
              for (let c = 0; c < 3; c++)
                frontierDiff += Math.abs(out[i * 3 + c]! - referenceRgb[n * 3 + c]!);
              frontierPairs++;
            }
          }
        }
        expect(keptChanged).toBe(0);
        expect(frontierPairs).toBeGreaterThan(500);
        expect(frontierDiff / (frontierPairs * 3)).toBeLessThan(6);
      }
    });
  }
});

import {
  crop,
  type LevelRange,
  type PixelBuffer,
  paste,
  planStep,
  REFERENCE_HEADROOM,
  type Rect,
  stepWorkRect,
  TILE_PX,
} from '@exquisite/geometry';
import { runStepTiles } from '../../src/tile/run-step-tiles.js';
import { type TileColorTransfer, withColorTransfer } from '../../src/tile/seam.js';
import { nextStepSettings, singleStepColourError } from './chain.js';
import { seedFor } from './methods.js';
import { colourError, lab } from './metrics.js';
import { type Drift, DriftingOracle, type DriftLevel } from './oracle.js';
import { ensurePhotos, groundTruth, listPhotos } from './photos.js';

/**
 * Where the compounding comes from (docs/seams.md): one chain per photograph × transfer,
 * printing per step the colour error (of the changed zone, of the new strip alone and of the
 * zone's 128 px of old canvas alone), the signed mean Lab offset of the new strip, and per
 * RGB channel an affine fit of the new strip's 16² block means on the truth's (slope, offset,
 * rms residual after the fit, rms error before it). A linear growth of the offset is a
 * per-step bias; a slope drifting away from 1 is a contrast residual; a residual growing
 * with steps is non-affine (e.g. clipped highlights). Environment: PHOTOS (comma list),
 * LEVEL, STEPS, TRANSFERS (comma list), DRIFT (JSON overrides of the level's drift, e.g.
 * '{"blur":0}' for ablations), HEADROOM=1 (the reference squeezed into `REFERENCE_HEADROOM`, or
 * HEADROOM=28…190 into that range; either sized per step from the model's laws as the step
 * runner does, unless HEADROOM_FIXED=1), SINGLE=1 (also one step alone at each place). Each photograph
 * gets the bench's drift seed (methods.ts `seedFor`). `pnpm exec tsx bench/seams/diagnose.ts`
 * in packages/pipeline.
 */

/** Signed mean Lab difference (result − truth) over the columns [x0, x1). */
function signedOffset(out: PixelBuffer, truth: PixelBuffer, x0: number, x1: number): number[] {
  const acc = [0, 0, 0];
  let n = 0;
  for (let y = 0; y < out.height; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * out.width + x) * 3;
      const a = lab(out.data, i);
      const b = lab(truth.data, i);
      for (let k = 0; k < 3; k++) acc[k]! += a[k]! - b[k]!;
      n++;
    }
  }
  return acc.map((v) => v / n);
}

/** Per RGB channel: slope of out on truth over 16² block means of [x0,x1), and the rms residual after the affine fit. */
function affineFit(out: PixelBuffer, truth: PixelBuffer, x0: number, x1: number): string {
  const res: string[] = [];
  for (let k = 0; k < 3; k++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let by = 0; by + 16 <= out.height; by += 16) {
      for (let bx = x0; bx + 16 <= x1; bx += 16) {
        let so = 0;
        let st = 0;
        for (let y = by; y < by + 16; y++)
          for (let x = bx; x < bx + 16; x++) {
            const i = (y * out.width + x) * 3 + k;
            so += out.data[i]!;
            st += truth.data[i]!;
          }
        xs.push(st / 256);
        ys.push(so / 256);
      }
    }
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (xs[i]! - mx) * (ys[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
    }
    const slope = sxy / sxx;
    let rr = 0;
    let raw = 0;
    for (let i = 0; i < n; i++) {
      rr += (ys[i]! - my - slope * (xs[i]! - mx)) ** 2;
      raw += (ys[i]! - xs[i]!) ** 2;
    }
    res.push(
      `${slope.toFixed(3)},${(my - mx).toFixed(2)},${Math.sqrt(rr / n).toFixed(2)},${Math.sqrt(raw / n).toFixed(2)}`,
    );
  }
  return res.join('/');
}

const photos = (process.env.PHOTOS ?? 'Dune.jpg').split(',');
const level = (process.env.LEVEL ?? 'mild') as DriftLevel;
const steps = Number(process.env.STEPS ?? 10);
const transfers = (process.env.TRANSFERS ?? 'histogram,response,hybrid').split(',');
/** `HEADROOM=1`: the room default; `HEADROOM=28…190`: that range. */
function headroomOf(value: string): LevelRange {
  const [black, white] = value.split('…').map(Number);
  return black !== undefined && white !== undefined && value.includes('…')
    ? { black, white }
    : REFERENCE_HEADROOM;
}

const overrides: Partial<Drift> = process.env.DRIFT ? JSON.parse(process.env.DRIFT) : {};
ensurePhotos();
const allPhotos = listPhotos();
for (const photo of photos) {
  // The bench's seed for the photograph (Dune 1, Storm 2, the others 3… in sorted order).
  const seed = seedFor(photo, allPhotos);
  const truth = await groundTruth(photo, steps);
  for (const t of transfers) {
    const settings = withColorTransfer(
      {
        featherPx: 128,
        colorMatch: true,
        prefill: 'smear',
        blend: 'feather',
        ...(process.env.HEADROOM ? { headroom: headroomOf(process.env.HEADROOM) } : {}),
      },
      t as TileColorTransfer,
    );
    const base = settings.headroom;
    let current = settings;
    const ranges: string[] = [];
    const canvas = crop(truth, { x: 0, y: 0, width: truth.width, height: TILE_PX });
    canvas.data.fill(0);
    paste(canvas, crop(truth, { x: 0, y: 0, width: TILE_PX, height: TILE_PX }), { x: 0, y: 0 });
    const oracle = new DriftingOracle(truth, level, seed, overrides);
    let rect: Rect = { x: 0, y: 0, width: TILE_PX, height: TILE_PX };
    const errs: string[] = [];
    const strips: string[] = [];
    const olds: string[] = [];
    const offs: string[] = [];
    const fits: string[] = [];
    const t0 = performance.now();
    for (let step = 1; step <= steps; step++) {
      const plan = planStep(rect, 'right', { featherPx: 128 });
      oracle.expect(plan);
      const work = stepWorkRect(plan);
      const working = { buffer: crop(canvas, work), origin: { x: work.x, y: work.y } };
      const { tiles } = await runStepTiles({
        plan,
        working,
        generator: oracle,
        prompt: 'x',
        settings: current,
      });
      ranges.push(current.headroom ? `${current.headroom.black}…${current.headroom.white}` : '—');
      if (!process.env.HEADROOM_FIXED) current = nextStepSettings(current, base, tiles);
      paste(canvas, working.buffer, { x: work.x, y: work.y });
      const frontier = rect.x + rect.width;
      errs.push(colourError(canvas, truth, frontier - 128, frontier + 512).toFixed(2));
      strips.push(colourError(canvas, truth, frontier, frontier + 512).toFixed(2));
      olds.push(colourError(canvas, truth, frontier - 128, frontier).toFixed(2));
      offs.push(
        signedOffset(canvas, truth, frontier, frontier + 512)
          .map((v) => v.toFixed(2))
          .join('/'),
      );
      fits.push(affineFit(canvas, truth, frontier, frontier + 512));
      rect = plan.after;
    }
    console.log(
      `${level} ${JSON.stringify(overrides)} ${photo} ${t} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    console.log(`  err ${errs.join(' ')}`);
    console.log(`  strip ${strips.join(' ')}`);
    console.log(`  old ${olds.join(' ')}`);
    console.log(`  headroom ${ranges.join(' ')}`);
    if (process.env.SINGLE) {
      const method = { id: t, label: t, settings };
      const single: string[] = [];
      for (let step = 1; step <= steps; step++) {
        const one = await singleStepColourError(truth, method, level, step, seed, overrides);
        single.push(`${one.colour.toFixed(2)}/${one.strip.toFixed(2)}`);
      }
      console.log(`  one (zone/strip) ${single.join(' ')}`);
    }
    console.log(`  off ${offs.join(' ')}`);
    for (const [i, f] of fits.entries()) console.log(`  fit${i + 1} ${f}`);
  }
}

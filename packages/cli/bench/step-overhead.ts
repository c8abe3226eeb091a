import { randomUUID } from 'node:crypto';
import type { Rect } from '@exquisite/geometry';
import { createPipeline, encodePng, readRegion } from '@exquisite/pipeline';
import { getCanvasVersion, getCells, getRoom, getStep } from '@exquisite/store';
import { makeUser } from '@exquisite/store/testing';
import { type BenchWorld, identityGenerator, median, roomFromSharedCells, round } from './world.js';

/**
 * Step overhead vs canvas size. A step's cost must grow with the edge it extends, never with
 * the canvas area (system.md). Baseline: the naive design that decodes and re-encodes the whole
 * canvas on every step (read every level-0 cell into one image, encode it as one PNG).
 */
export async function benchStepOverhead(world: BenchWorld, sides: number[], stepsPerSize: number) {
  const rows = [];
  for (const side of sides) {
    const canvas: Rect = { x: 0, y: 0, width: side, height: side };
    const owner = await makeUser(world.database.db, { credits: 10_000 });
    const roomId = await roomFromSharedCells(world, owner, canvas, { pyramid: true });
    const service = createPipeline({
      db: world.database.db,
      blobs: world.blobs,
      generator: identityGenerator,
    });

    const stepMs: number[] = [];
    let tilesPerStep = 0;
    for (let i = 0; i < stepsPerSize; i++) {
      const room = await getRoom(world.database.db, roomId);
      const started = performance.now();
      const submitted = await service.submitStep({
        roomId,
        userId: owner.id,
        direction: i % 2 === 0 ? 'down' : 'right',
        prompt: 'bench',
        turnNonce: room!.turn.nonce,
        idempotencyKey: randomUUID(),
      });
      if (!submitted.ok) throw new Error(`submit: ${submitted.code}`);
      const outcome = await service.settled(submitted.stepId);
      stepMs.push(performance.now() - started);
      const step = await getStep(world.database.db, submitted.stepId);
      if (step?.status !== 'committed') throw new Error(`step did not commit: ${JSON.stringify(outcome)}`);
      tilesPerStep = Math.max(tilesPerStep, step.tiles);
    }
    const naiveMs: number[] = [];
    const version = await getCanvasVersion(world.database.db, roomId, 0);
    const cells = await getCells(world.database.db, roomId, version!.version, { level: 0 });
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      const whole = await readRegion(world.blobs, cells, canvas);
      await encodePng(whole);
      naiveMs.push(performance.now() - started);
    }
    await service.stop(1_000);
    const step = median(stepMs);
    const naive = median(naiveMs);
    rows.push({
      name: `step on ${side}×${side}`,
      canvasMegapixels: round((side * side) / 1e6, 1),
      tilesPerStep,
      steps: stepsPerSize,
      medianStepMs: round(step),
      naiveFullReencodeMs: round(naive),
      stepVsNaive: round(step / naive, 3),
    });
  }
  // Ratios against the smallest canvas show growth with area (should stay near the edge ratio).
  const first = rows[0]!;
  return rows.map((row) => ({
    ...row,
    baseline: row === first ? undefined : { medianStepMs: first.medianStepMs },
  }));
}

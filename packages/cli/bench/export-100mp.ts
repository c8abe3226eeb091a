import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createPipeline } from '@exquisite/pipeline';
import { makeUser } from '@exquisite/store/testing';
import { identityGenerator, machine, openBenchWorld, roomFromSharedCells, round } from './world.js';

/**
 * Export of a 10240×10240 (≈105-megapixel) canvas built from shared cells, streamed through the
 * pipeline's export to a byte counter. Run in its own process (bench/run.ts forks it) so peak RSS
 * belongs to this export alone. Baseline: the raw RGB size a non-streaming export would hold.
 */
async function main() {
  const side = 10_240;
  const world = await openBenchWorld();
  try {
    const owner = await makeUser(world.database.db, { role: 'admin' });
    const roomId = await roomFromSharedCells(
      world,
      owner,
      { x: 0, y: 0, width: side, height: side },
      { pyramid: false },
    );
    const service = createPipeline({
      db: world.database.db,
      blobs: world.blobs,
      generator: identityGenerator,
    });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    const view = await service.exportPng({ roomId, viewer: { userId: owner.id, isAdmin: true } });
    if (!view) throw new Error('export: room not found');
    let bytes = 0;
    await pipeline(
      view.stream,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const rawMB = (side * side * 3) / 1e6;
    const growthMB = (peakRss - rssBefore) / 1e6;
    const result = {
      name: `export ${side}×${side} (${round((side * side) / 1e6, 0)} MP)`,
      seconds: round(seconds, 2),
      rawMBPerSecond: round(rawMB / seconds, 1),
      pngMB: round(bytes / 1e6, 1),
      peakRssGrowthMB: round(growthMB, 0),
      rawRgbMB: round(rawMB, 0),
      rssGrowthVsRaw: round(growthMB / rawMB, 3),
    };
    process.stdout.write(`${JSON.stringify({ result, machine: machine() })}\n`);
  } finally {
    await world.close();
  }
}

await main();

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The published artefact, tested the way a consumer meets it: build, pack, install the
 * tarball into a plain project outside the workspace, import it with plain Node.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'exquisite-geometry-pack-'));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('published package', () => {
  it('builds, packs, installs offline into a plain project and works from plain Node', {
    timeout: 120_000,
  }, () => {
    run('pnpm', ['run', 'build'], packageDir);
    run('pnpm', ['pack', '--pack-destination', scratch], packageDir);
    const tarballs = readdirSync(scratch).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toHaveLength(1);
    const tarball = join(scratch, tarballs[0]!);

    const files = run('tar', ['-tzf', tarball], scratch).split('\n').filter(Boolean);
    for (const needed of ['dist/index.js', 'dist/index.d.ts', 'README.md', 'LICENSE', 'package.json']) {
      expect(files).toContain(`package/${needed}`);
    }
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);

    // publishConfig must have replaced the in-repo source entry points.
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], scratch)) as {
      exports: Record<string, { types: string; default: string } | string>;
      main: string;
      types: string;
      dependencies?: Record<string, string>;
    };
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.main).toBe('./dist/index.js');
    expect(manifest.types).toBe('./dist/index.d.ts');
    expect(manifest.dependencies ?? {}).toEqual({});

    // Browser-safe: the bundle imports nothing at all.
    const bundle = readFileSync(join(packageDir, 'dist/index.js'), 'utf8');
    expect(bundle).not.toMatch(/\bfrom\s+['"]|\brequire\(|\bimport\(/);

    const consumer = join(scratch, 'consumer');
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const npmArgs = ['install', tarball, '--no-audit', '--no-fund', '--no-package-lock'];
    try {
      run('npm', [...npmArgs, '--offline'], consumer);
    } catch {
      // Zero dependencies make offline work; fall back in case the npm cache is unusable.
      run('npm', npmArgs, consumer);
    }

    writeFileSync(
      join(consumer, 'check.mjs'),
      `import { planStep, blendWeights, maskAlpha, cellsIntersecting, TILE_PX } from '@exquisite/geometry';
const plan = planStep({ x: 0, y: 0, width: 1024, height: 1536 }, 'right', { featherPx: 2 });
const weights = blendWeights(plan.tiles[1], 2);
const mask = maskAlpha(plan.tiles[1], 2);
let error = null;
try { planStep({ x: 1, y: 0, width: 1024, height: 1024 }, 'up'); } catch (e) { error = e instanceof RangeError; }
console.log(JSON.stringify({
  tilePx: TILE_PX,
  after: plan.after,
  tiles: plan.tiles,
  weightsLength: weights.length,
  row600: Array.from(weights.subarray(600 * 1024 + 508, 600 * 1024 + 514)),
  row100: Array.from(weights.subarray(100 * 1024 + 508, 100 * 1024 + 514)),
  mask600: Array.from(mask.subarray(600 * 1024 + 508, 600 * 1024 + 514)),
  cells: cellsIntersecting(plan.newRegion).length,
  rangeError: error,
}));
`,
    );
    const result = JSON.parse(run('node', ['check.mjs'], consumer));
    expect(result).toEqual({
      tilePx: 1024,
      after: { x: 0, y: 0, width: 1536, height: 1536 },
      tiles: [
        {
          index: 0,
          rect: { x: 512, y: 0, width: 1024, height: 1024 },
          unknown: { x: 1024, y: 0, width: 512, height: 1024 },
        },
        {
          index: 1,
          rect: { x: 512, y: 512, width: 1024, height: 1024 },
          unknown: { x: 1024, y: 1024, width: 512, height: 512 },
        },
      ],
      weightsLength: 1024 * 1024,
      // Tile 1's unknown quarter starts at local (512, 512); row 600 is beside it: F = 2 → 85, 170, then 255.
      row600: [0, 0, 85, 170, 255, 255],
      // Row 100 is 412 rows above it: every pixel is known and far away.
      row100: [0, 0, 0, 0, 0, 0],
      mask600: [255, 255, 0, 0, 0, 0],
      cells: 3,
      rangeError: true,
    });
  });

  it('passes publint --strict', { timeout: 120_000 }, () => {
    const output = run('pnpm', ['exec', 'publint', '--strict'], packageDir);
    expect(output).toContain('All good');
  });
});

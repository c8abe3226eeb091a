import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PixelBuffer } from '@exquisite/geometry';
import { decodeImage, encodePng } from '@exquisite/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './testing/world.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The real entry point, as an operator types it: `pnpm exquisite …` from the repo root. */
describe('pnpm exquisite (subprocess)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  const exquisite = (...args: string[]) =>
    run('pnpm', ['-C', repoRoot, '--silent', 'exquisite', ...args], { cwd: dir.path });

  it('prints the usage', async () => {
    const { stdout } = await exquisite('--help');
    expect(stdout).toMatch(/^Usage: pnpm exquisite <command>/);
    for (const command of [
      'migrate',
      'admin grant',
      'credits grant',
      'step abort',
      'gc',
      'export',
      'tiles extract',
      'tiles paste',
    ]) {
      expect(stdout).toContain(command);
    }
  });

  it('round-trips a tile through extract and paste with paths relative to the caller', async () => {
    const width = 1024;
    const data = new Uint8Array(width * 512 * 3).map((_, i) => (i * 31 + (i >> 7)) & 255);
    const image: PixelBuffer = { data, width, height: 512, channels: 3 };
    await writeFile(join(dir.path, 'band.png'), await encodePng(image));

    await exquisite('tiles', 'extract', 'band.png', '--rect', '300,100,512,256', '--out', 'cut.png');
    const { stdout } = await exquisite(
      'tiles',
      'paste',
      'band.png',
      'cut.png',
      '--at',
      '300,100',
      '--out',
      'same.png',
    );

    expect(stdout).toMatch(/pasted 512×256 at 300,100/);
    const same = await decodeImage(await readFile(join(dir.path, 'same.png')));
    expect(Buffer.from(same.data).equals(Buffer.from(data))).toBe(true);
    const cut = await decodeImage(await readFile(join(dir.path, 'cut.png')));
    expect([...cut.data.subarray(0, 3)]).toEqual([
      ...data.subarray((100 * width + 300) * 3, (100 * width + 300) * 3 + 3),
    ]);
  });

  it('exits non-zero with a message on a bad command', async () => {
    await expect(
      exquisite('tiles', 'extract', 'missing.png', '--rect', '0,0,1,1', '--out', 'x.png'),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/cannot read .*missing\.png/),
    });
  });
});

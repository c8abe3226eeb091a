import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash.js';
import { STARTER_NAMES, starterImage } from './starter.js';

describe('starterImage', () => {
  it('draws each starter as 1024² RGB, deterministically and distinctly', () => {
    const hashes = new Set<string>();
    for (const name of STARTER_NAMES) {
      const a = starterImage(name);
      expect(a).toMatchObject({ width: 1024, height: 1024, channels: 3 });
      expect(a.data.length).toBe(1024 * 1024 * 3);
      expect(sha256Hex(starterImage(name).data)).toBe(sha256Hex(a.data));
      hashes.add(sha256Hex(a.data));
    }
    expect(hashes.size).toBe(STARTER_NAMES.length);
  });

  it('has sky above and hills below (bluer on top, greener at the bottom for meadow)', () => {
    const img = starterImage('meadow');
    const at = (x: number, y: number) =>
      Array.from(img.data.subarray((y * 1024 + x) * 3, (y * 1024 + x) * 3 + 3));
    const [, , skyBlue] = at(100, 40) as [number, number, number];
    const [groundR, groundG, groundB] = at(100, 1000) as [number, number, number];
    expect(skyBlue).toBeGreaterThan(180);
    expect(groundG).toBeGreaterThan(groundR);
    expect(groundG).toBeGreaterThan(groundB);
  });

  it('rejects unknown names', () => {
    expect(() => starterImage('nope' as never)).toThrow(RangeError);
  });
});

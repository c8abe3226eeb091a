import { describe, expect, it } from 'vitest';
import { randomBuffer } from '../../test/fixtures.js';
import { clonePixelBuffer } from './buffer.js';
import { changedBounds, verifyImmutable } from './verify.js';

describe('verifyImmutable and changedBounds', () => {
  it('report the first violating pixel and the bounds of changes', () => {
    const before = randomBuffer(10, 8, 4, 3);
    const after = clonePixelBuffer(before);
    const weights = new Uint8Array(80);
    expect(verifyImmutable(before, after, weights)).toBeNull();
    expect(changedBounds(before, after)).toBeNull();
    // Change (7,2) where the weight allows it: no violation.
    weights[2 * 10 + 7] = 9;
    after.data[(2 * 10 + 7) * 4] = after.data[(2 * 10 + 7) * 4]! ^ 1;
    expect(verifyImmutable(before, after, weights)).toBeNull();
    // Change the alpha byte of (1,5) and (3,6) where the weight is 0: violation at (1,5).
    after.data[(5 * 10 + 1) * 4 + 3] = after.data[(5 * 10 + 1) * 4 + 3]! ^ 0xff;
    after.data[(6 * 10 + 3) * 4 + 1] = after.data[(6 * 10 + 3) * 4 + 1]! ^ 0x10;
    expect(verifyImmutable(before, after, weights)).toEqual({ x: 1, y: 5 });
    expect(changedBounds(before, after)).toEqual({ x: 1, y: 2, width: 7, height: 5 });
  });

  it('rejects mismatched shapes', () => {
    expect(() => changedBounds(randomBuffer(2, 2, 3, 1), randomBuffer(2, 2, 4, 1))).toThrow(RangeError);
    expect(() =>
      verifyImmutable(randomBuffer(2, 2, 3, 1), randomBuffer(2, 2, 3, 1), new Uint8Array(3)),
    ).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { SharedScratch } from './shared-scratch.js';

describe('SharedScratch', () => {
  it('hands out shared memory of the asked size and reuses what was given back', () => {
    const scratch = new SharedScratch(1);
    const a = scratch.take(16);
    expect(a.length).toBe(16);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    scratch.give(a);
    expect(scratch.take(16)).toBe(a);
    // Nothing of that size left: a new one; another size never gets it.
    expect(scratch.take(16)).not.toBe(a);
    scratch.give(a);
    expect(scratch.take(8)).not.toBe(a);
  });

  it('keeps at most `keepPerSize` arrays of a size', () => {
    const scratch = new SharedScratch(1);
    const a = scratch.take(4);
    const b = scratch.take(4);
    scratch.give(a);
    scratch.give(b);
    expect(scratch.take(4)).toBe(a);
    expect(scratch.take(4)).not.toBe(b);
  });
});

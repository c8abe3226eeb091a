import { describe, expect, it } from 'vitest';
import { nextSeat } from './turns.js';

describe('nextSeat', () => {
  it('moves to the next occupied seat and wraps to the lowest', () => {
    expect(nextSeat([0, 1, 2], 0)).toBe(1);
    expect(nextSeat([0, 1, 2], 2)).toBe(0);
    expect(nextSeat([2, 0, 5], 2)).toBe(5);
  });

  it('skips vacated seats, including the current one', () => {
    expect(nextSeat([0, 3], 1)).toBe(3);
    expect(nextSeat([0, 3], 4)).toBe(0);
    expect(nextSeat([0], 0)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { EXTRA_ZOOM_OUT, levelToZoom, MAX_ZOOM, zoomRange, zoomToLevel } from './levels.js';

describe('zoom ↔ pyramid level', () => {
  it('maps zoom z ≤ 0 to level −z and back', () => {
    expect(zoomToLevel(0)).toBe(0);
    expect(Object.is(zoomToLevel(0), 0)).toBe(true); // never -0 in a URL
    expect(zoomToLevel(-1)).toBe(1);
    expect(zoomToLevel(-4)).toBe(4);
    for (const level of [0, 1, 2, 5]) expect(zoomToLevel(levelToZoom(level))).toBe(level);
  });

  it('refuses zooms that have no native tiles', () => {
    expect(() => zoomToLevel(1)).toThrow(RangeError);
    expect(() => zoomToLevel(-0.5)).toThrow(RangeError);
    expect(() => levelToZoom(-1)).toThrow(RangeError);
  });

  it('derives the native range from the pyramid top level of the visible rect', () => {
    // 1024² at the origin is 2×2 level-0 cells: the top level is 0.
    expect(zoomRange({ x: 0, y: 0, width: 1024, height: 1024 })).toEqual({
      minZoom: -EXTRA_ZOOM_OUT,
      minNativeZoom: 0,
      maxNativeZoom: 0,
      maxZoom: MAX_ZOOM,
    });
    // 4096 wide needs level 2 (2048-px cells) to fit in 2×2.
    expect(zoomRange({ x: 0, y: 0, width: 4096, height: 1024 }).minNativeZoom).toBe(-2);
    // Growing left by 512 straddles one more level-1 boundary: one level more.
    expect(zoomRange({ x: -512, y: 0, width: 2048, height: 1024 }).minNativeZoom).toBe(-2);
  });

  it('lets a folded room cap the native levels at 0', () => {
    expect(zoomRange({ x: 0, y: 0, width: 4096, height: 512 }, 0).minNativeZoom).toBe(0);
  });
});

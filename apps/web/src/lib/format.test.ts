import { describe, expect, it } from 'vitest';
import { aStep } from '../test/fixtures.js';
import { estimateStepCost, TILE_COST } from './cost.js';
import { formatBytes, formatElapsed, formatProgress, formatTimelineEntry, formatWhen } from './format.js';

describe('progress formatting', () => {
  it('formats elapsed time as m:ss', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(7_900)).toBe('0:07');
    expect(formatElapsed(65_000)).toBe('1:05');
    expect(formatElapsed(-3_000)).toBe('0:00');
  });

  it('shows the 0-based wire tile index 1-based, with the phase and clock', () => {
    expect(formatProgress({ tile: 0, tiles: 3, phase: 'generating' }, 14_000)).toBe(
      'tile 1 of 3 · generating · 0:14',
    );
    expect(formatProgress({ tile: 2, tiles: 3, phase: 'compositing' }, 61_000)).toBe(
      'tile 3 of 3 · blending the seam · 1:01',
    );
  });

  it('never reads past the last tile', () => {
    expect(formatProgress({ tile: 3, tiles: 3, phase: 'writing' }, 0)).toBe('tile 3 of 3 · saving · 0:00');
  });
});

describe('timeline formatting', () => {
  it('names who, where, what happened and how big', () => {
    const step = aStep({ number: 4, direction: 'up', status: 'committed', tiles: 3 });
    expect(formatTimelineEntry(step, 'Bob')).toBe('#4 Bob ↑ up · added · 3 tiles');
  });

  it('gives the reason of a failure', () => {
    const step = aStep({
      status: 'failed',
      error: { code: 'GENERATOR_TRANSIENT', message: 'The generator timed out.' },
    });
    expect(formatTimelineEntry(step, 'Ada')).toBe(
      '#1 Ada → right · failed · 1 tile · The generator timed out.',
    );
  });

  it('says when, relative to now', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    expect(formatWhen('2026-11-21T11:59:50Z', now)).toBe('just now');
    expect(formatWhen('2026-11-21T11:55:00Z', now)).toBe('5 min ago');
    expect(formatWhen('2026-11-21T09:00:00Z', now)).toBe('3 h ago');
    expect(formatWhen('2026-11-01T09:00:00Z', now)).toMatch(/2026/);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(11 * 1024 * 1024)).toBe('11.0 MiB');
  });
});

describe('step cost estimate', () => {
  it('is the planned tile count times the tile cost', () => {
    const canvas = { x: 0, y: 0, width: 2048, height: 1024 };
    // right edge is 1024 tall: 1 tile; bottom edge is 2048 wide: 3 tiles.
    expect(estimateStepCost(canvas, 'right')).toBe(1 * TILE_COST);
    expect(estimateStepCost(canvas, 'down')).toBe(3 * TILE_COST);
    expect(estimateStepCost(canvas, 'down', 5)).toBe(15);
  });
});

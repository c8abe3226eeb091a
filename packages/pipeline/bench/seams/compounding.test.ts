import { describe, expect, it } from 'vitest';
import type { StepFigures } from './chain.js';
import { aggregate, type CompoundingFigures, compoundingReport } from './compounding.js';

/** A chain whose strip and zone errors are given per step (seam fixed). */
function chain(photo: string, strip: number[], zone: number[], single: number): CompoundingFigures {
  const steps: StepFigures[] = strip.map((s, i) => ({
    step: i + 1,
    seam: 0.4,
    strip: s,
    colour: zone[i]!,
    headroom: null,
  }));
  return {
    level: 'mild',
    methodId: 'headroom-hybrid',
    photo,
    seed: 1,
    steps,
    single: { strip: single, colour: 0 },
  };
}

describe('compounding figures', () => {
  // The zone's old-canvas part is the photograph at step 1 and a generated strip later: its
  // ratio runs ahead of the strip's, which is the measure.
  const figures = [
    chain('A.jpg', [0.1, 0.1, 0.12], [0.08, 0.11, 0.13], 0.1),
    chain('B.jpg', [0.2, 0.25, 0.3], [0.15, 0.25, 0.32], 0.25),
  ];

  it('divides the mean last strip by the mean first strip, not the zones', () => {
    const a = aggregate(figures);
    expect(a.strip1).toBeCloseTo(0.15, 12);
    expect(a.stripN).toBeCloseTo(0.21, 12);
    expect(a.ratioOfMeans).toBeCloseTo(0.21 / 0.15, 12);
    expect(a.zoneRatio).toBeCloseTo(0.225 / 0.115, 12);
    expect(a.ratios).toEqual([1.2 / 1, 0.3 / 0.2].map((r) => expect.closeTo(r, 12)));
    // 1.2 meets the target (≤ 1.2), 1.5 does not.
    expect(a.withinTarget).toBe(1);
    expect(a.properOfMeans).toBeCloseTo(0.21 / 0.175, 12);
  });

  it('reports the strip ratio as the primary figure and the zone ratio beside it', () => {
    const report = compoundingReport(figures, ['A.jpg', 'B.jpg'], (id) => id);
    const row = report.split('\n').find((l) => l.startsWith('| headroom-hybrid |'));
    expect(row).toBeDefined();
    expect(row).toContain(`**${(0.21 / 0.15).toFixed(2)}**`);
    expect(row).toContain(`| ${(0.225 / 0.115).toFixed(2)} |`);
    expect(report).toContain('| A.jpg | 1 | 0.10 → 0.12 (1.20 · 1.20 · 1.63) |');
  });
});

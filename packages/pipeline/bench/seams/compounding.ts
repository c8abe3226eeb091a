import type { StepFigures } from './chain.js';
import type { DriftLevel } from './oracle.js';

/**
 * The compounding figures over every nature photograph (docs/seams.md, "Compounding
 * over every photograph"): colour₁₀ / colour₁ compares two places of a photograph, so on
 * two photographs it mostly measures which place is harder; averaged over all of them the
 * place effect averages out. Pure: figures in, markdown out.
 */
export interface CompoundingFigures {
  level: DriftLevel;
  methodId: string;
  photo: string;
  seed: number;
  steps: StepFigures[];
  /** Colour error of one step alone at the last step's place (same drift draw); null with no drift. */
  single: number | null;
}

/** The bound on colour₁₀ / colour₁. */
export const COMPOUNDING_TARGET = 1.2;

export interface CompoundingAggregate {
  photographs: number;
  seam1: number;
  colour1: number;
  colourN: number;
  /** Primary: mean colour₁₀ over the photographs / mean colour₁. */
  ratioOfMeans: number;
  /** Per-photograph colour₁₀ / colour₁, sorted. */
  ratios: number[];
  /** Photographs whose own ratio meets the target. */
  withinTarget: number;
  single: number;
  /** Mean colour₁₀ / mean one-step₁₀. */
  properOfMeans: number;
  /** Per-photograph colour₁₀ / one-step₁₀, sorted. */
  propers: number[];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function aggregate(figures: CompoundingFigures[]): CompoundingAggregate {
  const first = figures.map((f) => f.steps[0]!.colour);
  const last = figures.map((f) => f.steps.at(-1)!.colour);
  const singles = figures.map((f) => f.single ?? Number.NaN);
  const byNumber = (a: number, b: number) => a - b;
  const colour1 = mean(first);
  const colourN = mean(last);
  const single = mean(singles);
  const ratios = figures.map((_, i) => last[i]! / first[i]!).sort(byNumber);
  return {
    photographs: figures.length,
    seam1: mean(figures.map((f) => f.steps[0]!.seam)),
    colour1,
    colourN,
    ratioOfMeans: colourN / colour1,
    ratios,
    withinTarget: ratios.filter((r) => r <= COMPOUNDING_TARGET).length,
    single,
    properOfMeans: colourN / single,
    propers: figures.map((_, i) => last[i]! / singles[i]!).sort(byNumber),
  };
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const short = (methodId: string) => methodId.replace(/^feather-/, '');

export function compoundingReport(
  figures: CompoundingFigures[],
  photos: readonly string[],
  label: (methodId: string) => string,
): string {
  const methods = [...new Set(figures.map((f) => f.methodId))];
  const lines: string[] = [];
  const steps = figures.find((f) => f.level !== 'none')?.steps.length ?? 0;
  lines.push(`## Compounding over every nature photograph (${photos.length})`);
  lines.push('');
  lines.push(
    `Every \`*.jpg\` of the mate-backgrounds nature folder, sorted: ${photos.join(', ')}. ` +
      `Chains of ${steps} steps to the right; drift seeds: the matrix photographs keep theirs (1, 2), the others 3, 4, … in this order. ` +
      'The matrix photographs’ runs are the same runs as above.',
  );
  lines.push('');
  lines.push(
    `- **colour₁₀ / colour₁** (primary, the issue's ratio, target ≤ ${COMPOUNDING_TARGET}): mean colour₁₀ over the photographs / mean colour₁.`,
  );
  lines.push(
    '- **per photograph**: each photograph’s own colour₁₀ / colour₁, median (min–max); **≤ 1.2**: how many photographs meet the target on their own.',
  );
  lines.push(
    '- **chained / one-step**: mean colour₁₀ / mean one-step₁₀ (one step alone at step 10’s place, same drift draw); median of the per-photograph ratios beside it.',
  );
  lines.push('');
  for (const level of ['mild', 'strong'] as const) {
    lines.push(`### Drift: ${level}, all photographs`);
    lines.push('');
    lines.push(
      '| method | seam₁ | colour₁ | colour₁₀ | **colour₁₀ / colour₁** | per photograph: median (min–max) | ≤ 1.2 | one-step₁₀ | chained / one-step | per photograph: median |',
    );
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const id of methods) {
      const rows = figures.filter((f) => f.level === level && f.methodId === id);
      if (rows.length === 0) continue;
      const a = aggregate(rows);
      lines.push(
        `| ${label(id)} | ${fmt(a.seam1)} | ${fmt(a.colour1)} | ${fmt(a.colourN)} | **${fmt(a.ratioOfMeans)}** | ${fmt(
          median(a.ratios),
        )} (${fmt(a.ratios[0]!)}–${fmt(a.ratios.at(-1)!)}) | ${a.withinTarget} / ${a.photographs} | ${fmt(a.single)} | ${fmt(
          a.properOfMeans,
        )} | ${fmt(median(a.propers))} |`,
      );
    }
    lines.push('');
  }
  const exact = methods.filter((id) => figures.some((f) => f.level === 'none' && f.methodId === id));
  if (exact.length > 0) {
    lines.push('### Drift: none, all photographs');
    lines.push('');
    lines.push('| method | photographs | worst seam (any step) | worst colour error (any step) |');
    lines.push('|---|---:|---:|---:|');
    for (const id of exact) {
      const rows = figures.filter((f) => f.level === 'none' && f.methodId === id);
      const seam = Math.max(...rows.flatMap((f) => f.steps.map((s) => s.seam)));
      const colour = Math.max(...rows.flatMap((f) => f.steps.map((s) => s.colour)));
      lines.push(`| ${label(id)} | ${rows.length} | ${fmt(seam)} | ${fmt(colour)} |`);
    }
    lines.push('');
  }
  for (const level of ['mild', 'strong'] as const) {
    lines.push(`### Drift: ${level}, per photograph`);
    lines.push('');
    lines.push('Each cell: colour₁ → colour₁₀ (colour₁₀ / colour₁ · chained / one-step).');
    lines.push('');
    lines.push(`| photograph | seed | ${methods.map(short).join(' | ')} |`);
    lines.push(`|---|---:|${methods.map(() => '---|').join('')}`);
    for (const photo of photos) {
      const cells = methods.map((id) => {
        const f = figures.find((x) => x.level === level && x.methodId === id && x.photo === photo);
        if (!f) return '—';
        const c1 = f.steps[0]!.colour;
        const cN = f.steps.at(-1)!.colour;
        return `${fmt(c1)} → ${fmt(cN)} (${fmt(cN / c1)} · ${fmt(cN / (f.single ?? Number.NaN))})`;
      });
      const seed = figures.find((x) => x.photo === photo)?.seed ?? 0;
      lines.push(`| ${photo} | ${seed} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('Step-by-step colour and seam figures of every chain of this section: `seams-photos.json`.');
  lines.push('');
  return lines.join('\n');
}

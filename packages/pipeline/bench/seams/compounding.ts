import type { ColourFigures, StepFigures } from './chain.js';
import type { DriftLevel } from './oracle.js';

/**
 * The compounding figures over every nature photograph (docs/seams.md, "Compounding
 * over every photograph"): strip₁₀ / strip₁ compares two places of a photograph, so on
 * two photographs it mostly measures which place is harder; averaged over all of them the
 * place effect averages out. Pure: figures in, markdown out.
 */
export interface CompoundingFigures {
  level: DriftLevel;
  methodId: string;
  photo: string;
  seed: number;
  steps: StepFigures[];
  /** Colour errors of one step alone at the last step's place (same drift draw); null with no drift. */
  single: ColourFigures | null;
}

/** The bound on strip₁₀ / strip₁. */
export const COMPOUNDING_TARGET = 1.2;

export interface CompoundingAggregate {
  photographs: number;
  seam1: number;
  /** Mean colour error of the first / last step's new strip. */
  strip1: number;
  stripN: number;
  /** Primary: mean strip₁₀ over the photographs / mean strip₁. */
  ratioOfMeans: number;
  /** Per-photograph strip₁₀ / strip₁, sorted. */
  ratios: number[];
  /** Photographs whose own ratio meets the target. */
  withinTarget: number;
  /** Mean strip error of one step alone at the last step's place. */
  single: number;
  /** Mean strip₁₀ / mean one-step strip₁₀. */
  properOfMeans: number;
  /** Per-photograph strip₁₀ / one-step strip₁₀, sorted. */
  propers: number[];
  /** The same over the changed zone (the strip plus 128 px of old canvas): mean colour₁, colour₁₀ and their ratio. */
  colour1: number;
  colourN: number;
  zoneRatio: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function aggregate(figures: CompoundingFigures[]): CompoundingAggregate {
  const first = figures.map((f) => f.steps[0]!.strip);
  const last = figures.map((f) => f.steps.at(-1)!.strip);
  const singles = figures.map((f) => f.single?.strip ?? Number.NaN);
  const byNumber = (a: number, b: number) => a - b;
  const strip1 = mean(first);
  const stripN = mean(last);
  const single = mean(singles);
  const ratios = figures.map((_, i) => last[i]! / first[i]!).sort(byNumber);
  const colour1 = mean(figures.map((f) => f.steps[0]!.colour));
  const colourN = mean(figures.map((f) => f.steps.at(-1)!.colour));
  return {
    photographs: figures.length,
    seam1: mean(figures.map((f) => f.steps[0]!.seam)),
    strip1,
    stripN,
    ratioOfMeans: stripN / strip1,
    ratios,
    withinTarget: ratios.filter((r) => r <= COMPOUNDING_TARGET).length,
    single,
    properOfMeans: stripN / single,
    propers: figures.map((_, i) => last[i]! / singles[i]!).sort(byNumber),
    colour1,
    colourN,
    zoneRatio: colourN / colour1,
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
    `- **strip₁₀ / strip₁** (primary, the issue's ratio, target ≤ ${COMPOUNDING_TARGET}): mean colour error of step 10's new strip over the photographs / that of step 1's.`,
  );
  lines.push(
    '- **per photograph**: each photograph’s own strip₁₀ / strip₁, median (min–max); **≤ 1.2**: how many photographs meet the target on their own.',
  );
  lines.push(
    '- **chained / one-step**: mean strip₁₀ / mean one-step₁₀ (the strip of one step alone at step 10’s place, same drift draw); median of the per-photograph ratios beside it.',
  );
  lines.push(
    '- **zone₁₀ / zone₁**: the same ratio over the changed zone (the strip plus 128 px of old canvas: at step 1 the photograph itself, later the previous strip): colour₁₀ / colour₁ of the tables above.',
  );
  lines.push('');
  for (const level of ['mild', 'strong'] as const) {
    lines.push(`### Drift: ${level}, all photographs`);
    lines.push('');
    lines.push(
      '| method | seam₁ | strip₁ | strip₁₀ | **strip₁₀ / strip₁** | per photograph: median (min–max) | ≤ 1.2 | one-step₁₀ | chained / one-step | per photograph: median | zone₁ → zone₁₀ | zone₁₀ / zone₁ |',
    );
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const id of methods) {
      const rows = figures.filter((f) => f.level === level && f.methodId === id);
      if (rows.length === 0) continue;
      const a = aggregate(rows);
      lines.push(
        `| ${label(id)} | ${fmt(a.seam1)} | ${fmt(a.strip1)} | ${fmt(a.stripN)} | **${fmt(a.ratioOfMeans)}** | ${fmt(
          median(a.ratios),
        )} (${fmt(a.ratios[0]!)}–${fmt(a.ratios.at(-1)!)}) | ${a.withinTarget} / ${a.photographs} | ${fmt(a.single)} | ${fmt(
          a.properOfMeans,
        )} | ${fmt(median(a.propers))} | ${fmt(a.colour1)} → ${fmt(a.colourN)} | ${fmt(a.zoneRatio)} |`,
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
    lines.push('Each cell: strip₁ → strip₁₀ (strip₁₀ / strip₁ · chained / one-step · zone₁₀ / zone₁).');
    lines.push('');
    lines.push(`| photograph | seed | ${methods.map(short).join(' | ')} |`);
    lines.push(`|---|---:|${methods.map(() => '---|').join('')}`);
    for (const photo of photos) {
      const cells = methods.map((id) => {
        const f = figures.find((x) => x.level === level && x.methodId === id && x.photo === photo);
        if (!f) return '—';
        const s1 = f.steps[0]!.strip;
        const sN = f.steps.at(-1)!.strip;
        const zone = f.steps.at(-1)!.colour / f.steps[0]!.colour;
        return `${fmt(s1)} → ${fmt(sN)} (${fmt(sN / s1)} · ${fmt(sN / (f.single?.strip ?? Number.NaN))} · ${fmt(zone)})`;
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

/**
 * Collects every committed benchmark result (`**\/bench/results/*.json`, outside node_modules)
 * into `bench/results/latest.md` and `latest.json`. Runs at the end of `pnpm bench`.
 *
 * Result files keep their own shapes; this report only needs arrays of flat rows. Ratios to a
 * baseline are computed where a file says what its baseline is, by either convention:
 * - a row has `baseline: "<name of another row in the same table>"`: every numeric metric the
 *   two rows share gets `<metric>×` = row / baseline row;
 * - a row has `baseline: { <metric>: number, … }`: those metrics get `<metric>×` = row / value.
 * A row may list `ratioMetrics` to say which metrics are worth a ratio.
 * Ratios a bench computed itself (fields named `ratio…`, `…Ratio`, `speedup`) are shown as they are.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

type Row = Record<string, unknown>;
interface Table {
  key: string;
  rows: Row[];
}
interface Source {
  file: string;
  title: string;
  machine: unknown;
  at: string | null;
  tables: Table[];
}

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'bench', 'results');
const OWN_FILES = new Set(['latest.json']);

async function findResultFiles(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await findResultFiles(path, out);
    else if (entry.name.endsWith('.json') && /(^|\/)bench\/results$/.test(relative(root, dir))) {
      if (!(dir === outDir && OWN_FILES.has(entry.name))) out.push(path);
    }
  }
  return out.sort();
}

const isRow = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function tablesOf(json: Row): Table[] {
  const tables: Table[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (Array.isArray(value) && value.length > 0 && value.every(isRow)) {
      tables.push({ key, rows: value.map((row) => withRatios(row, value)) });
    } else if (isRow(value) && key !== 'machine' && key !== 'environment') {
      for (const inner of tablesOf(value)) tables.push({ key: `${key}.${inner.key}`, rows: inner.rows });
    }
  }
  return tables;
}

function rowName(row: Row): string | undefined {
  return typeof row.name === 'string' ? row.name : undefined;
}

/** Adds `<metric>×` columns for rows that name their baseline (see the header comment). */
export function withRatios(row: Row, table: Row[]): Row {
  const baseline = row.baseline;
  let reference: Row | undefined;
  if (typeof baseline === 'string') reference = table.find((other) => rowName(other) === baseline);
  else if (isRow(baseline)) reference = baseline;
  if (!reference) return row;
  const { ratioMetrics, ...out } = row;
  const wanted = Array.isArray(ratioMetrics) ? new Set(ratioMetrics) : null;
  for (const [metric, value] of Object.entries(row)) {
    const base = reference[metric];
    if (typeof value !== 'number' || typeof base !== 'number' || base === 0) continue;
    // Without an explicit list, settings shared by both rows (connections, duration…) are skipped.
    if (wanted ? !wanted.has(metric) : value === base) continue;
    out[`${metric}×`] = Math.round((value / base) * 1000) / 1000;
  }
  return out;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'string') return value.replace(/\|/g, '\\|');
  return JSON.stringify(value).replace(/\|/g, '\\|');
}

function markdownTable(rows: Row[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${columns.map((c) => cell(row[c])).join(' | ')} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const files = await findResultFiles(root);
  const sources: Source[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`${relative(root, file)} is not valid JSON: ${(error as Error).message}`);
    }
    if (!isRow(json)) continue;
    const title =
      (typeof json.what === 'string' && json.what) ||
      (typeof json.package === 'string' && json.package) ||
      relative(root, file);
    const machine = json.machine ?? json.environment ?? null;
    const at = [json.at, json.date, isRow(json.environment) ? json.environment.date : undefined].find(
      (v): v is string => typeof v === 'string',
    );
    sources.push({ file: relative(root, file), title, machine, at: at ?? null, tables: tablesOf(json) });
  }

  const md: string[] = [
    '# Benchmarks — latest',
    '',
    `Collected by \`scripts/bench-report.ts\` from ${sources.length} result files (each bench writes its own;`,
    "this file is regenerated by `pnpm bench`). Columns ending in `×` are ratios to the row's baseline",
    '(< 1 is faster/smaller than the baseline for time and size metrics).',
    '',
  ];
  for (const source of sources) {
    md.push(`## ${source.title}`, '', `\`${source.file}\`${source.at ? ` — measured ${source.at}` : ''}`, '');
    if (source.machine) md.push(`Machine: \`${JSON.stringify(source.machine)}\``, '');
    for (const table of source.tables) {
      if (source.tables.length > 1) md.push(`**${table.key}**`, '');
      md.push(markdownTable(table.rows), '');
    }
  }
  await writeFile(join(outDir, 'latest.md'), `${md.join('\n').trimEnd()}\n`);
  await writeFile(
    join(outDir, 'latest.json'),
    `${JSON.stringify({ sources: sources.map(({ file, title, machine, at, tables }) => ({ file, title, machine, at, tables })) }, null, 2)}\n`,
  );
  process.stdout.write(`bench report: ${sources.length} sources → bench/results/latest.md, latest.json\n`);
}

await main();

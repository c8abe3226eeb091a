import type { Point, Rect } from '@exquisite/geometry';
import { CliError } from './errors.js';

/** `x,y,w,h` in whole pixels; width and height at least 1. */
export function parseRect(text: string): Rect {
  const parts = integers(text, 4, '--rect x,y,w,h');
  const [x, y, width, height] = parts as [number, number, number, number];
  if (width < 1 || height < 1)
    throw new CliError('USAGE', `--rect needs a positive width and height: ${text}`);
  return { x, y, width, height };
}

/** `x,y` in whole pixels (may be negative: a patch may hang over the base's edge and is clipped). */
export function parsePoint(text: string): Point {
  const [x, y] = integers(text, 2, '--at x,y') as [number, number];
  return { x, y };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `1h`, `2d`, or a bare number of seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new CliError('USAGE', `not a duration (try 30m, 1h, 2d): ${text}`);
  return Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000);
}

/** A whole number, possibly negative (credit deltas, versions). */
export function parseInteger(raw: string, what: string): number {
  const text = raw.replace(/^\u2212/, '-');
  if (!/^-?\d+$/.test(text.trim())) throw new CliError('USAGE', `${what} must be a whole number: ${text}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new CliError('USAGE', `${what} is out of range: ${text}`);
  return value;
}

function integers(text: string, count: number, shape: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length !== count || parts.some((part) => !/^-?\d+$/.test(part))) {
    throw new CliError('USAGE', `expected ${shape} (whole pixels), got: ${text}`);
  }
  return parts.map(Number);
}

import { type LevelRange, REFERENCE_HEADROOM } from '@exquisite/geometry';
import type { RoomSettings } from '@exquisite/store';
import { nextHeadroom, type PreviousColourLaws, type TileColourLaw } from '../tile/headroom-policy.js';
import type { TileSettings } from '../tile/types.js';

/**
 * A room's stored settings as the tile runner takes them. `referenceHeadroom` becomes the level
 * range the reference is squeezed into (docs/seams.md, "Headroom as a room setting"), sized from
 * what the model did on the room's previous step when that step recorded it ("Headroom sized
 * from the model"); the runner applies it only with colour matching on, since the transfer is
 * what undoes the squeeze.
 */
export function tileSettingsFor(
  settings: RoomSettings,
  previous: PreviousColourLaws | null = null,
): TileSettings {
  const { referenceHeadroom, ...rest } = settings;
  return referenceHeadroom ? { ...rest, headroom: nextHeadroom(REFERENCE_HEADROOM, previous) } : rest;
}

/** Whether a step with these settings sent its references squeezed (false without colour matching). */
export function usesReferenceHeadroom(settings: RoomSettings | null): boolean {
  return Boolean(settings?.colorMatch && settings.referenceHeadroom);
}

/**
 * The squeeze range and colour laws a step's record holds (`parameters.headroom`,
 * `tiles[].colourLaw`), or null when it holds none to go by: a step without headroom, a
 * transfer other than the hybrid, or a record written before they were kept. A record is
 * stored JSON, so every field is checked rather than trusted.
 */
export function colourLawsOf(record: Record<string, unknown> | null): PreviousColourLaws | null {
  const parameters = record?.parameters as Record<string, unknown> | undefined;
  const headroom = levelRangeOf(parameters?.headroom);
  const tiles = record?.tiles;
  if (headroom === null || !Array.isArray(tiles)) return null;
  const laws: TileColourLaw[] = [];
  for (const tile of tiles) {
    const law = colourLawOf((tile as Record<string, unknown> | null)?.colourLaw);
    if (law !== null) laws.push(law);
  }
  return laws.length > 0 ? { headroom, laws } : null;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function levelRangeOf(value: unknown): LevelRange | null {
  const r = value as { black?: unknown; white?: unknown } | null | undefined;
  return r && isNumber(r.black) && isNumber(r.white) && r.black < r.white
    ? { black: r.black, white: r.white }
    : null;
}

function colourLawOf(value: unknown): TileColourLaw | null {
  const law = value as
    | { responses?: unknown; clipped?: { high?: unknown; low?: unknown } }
    | null
    | undefined;
  const responses = law?.responses;
  const high = law?.clipped?.high;
  const low = law?.clipped?.low;
  const flags = (v: unknown): v is boolean[] =>
    Array.isArray(v) && v.length === 3 && v.every((f) => typeof f === 'boolean');
  if (!Array.isArray(responses) || responses.length !== 3 || !flags(high) || !flags(low)) return null;
  const parsed = responses.map((r: { gain?: unknown; offset?: unknown; gamma?: unknown } | null) =>
    r && isNumber(r.gain) && isNumber(r.offset) && isNumber(r.gamma)
      ? { gain: r.gain, offset: r.offset, gamma: r.gamma }
      : null,
  );
  if (parsed.some((r) => r === null)) return null;
  return { responses: parsed as TileColourLaw['responses'], clipped: { high, low } };
}

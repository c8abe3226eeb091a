import { REFERENCE_HEADROOM } from '@exquisite/geometry';
import type { RoomSettings } from '@exquisite/store';
import type { TileSettings } from '../tile/types.js';

/**
 * A room's stored settings as the tile runner takes them. `referenceHeadroom` becomes the level
 * range the reference is squeezed into (docs/seams.md, "Headroom as a room setting"); the runner
 * applies it only with colour matching on, since the transfer is what undoes the squeeze.
 */
export function tileSettingsFor(settings: RoomSettings): TileSettings {
  const { referenceHeadroom, ...rest } = settings;
  return referenceHeadroom ? { ...rest, headroom: REFERENCE_HEADROOM } : rest;
}

/** Whether a step with these settings sent its references squeezed (false without colour matching). */
export function usesReferenceHeadroom(settings: RoomSettings | null): boolean {
  return Boolean(settings?.colorMatch && settings.referenceHeadroom);
}

import { pyramidTopLevel, type Rect } from '@exquisite/geometry';

/**
 * How the map's zoom relates to the server's tile pyramid. At Leaflet zoom 0 one world
 * pixel is one screen pixel, so level-0 cells (512 world px) are 512-px tiles. Each zoom
 * step out halves the scale, and a level-k cell (512·2^k world px) is again a 512-px tile:
 * zoom z ≤ 0 shows pyramid level −z, and Leaflet's tile (x, y) at that zoom *is* the
 * cell (cx, cy) of that level — no offset, because the world frame is the map frame.
 */
export function zoomToLevel(zoom: number): number {
  if (!Number.isInteger(zoom) || zoom > 0)
    throw new RangeError(`tile zoom must be an integer ≤ 0, got ${zoom}`);
  return zoom === 0 ? 0 : -zoom;
}

export function levelToZoom(level: number): number {
  if (!Number.isInteger(level) || level < 0)
    throw new RangeError(`level must be an integer ≥ 0, got ${level}`);
  return level === 0 ? 0 : -level;
}

/** Deepest zoom-in: 4× beyond native, level-0 tiles scaled up. */
export const MAX_ZOOM = 2;

/** Extra zoom-out below the top level so a long canvas still fits a phone screen. */
export const EXTRA_ZOOM_OUT = 3;

export interface ZoomRange {
  /** Map minimum zoom (may go below the coarsest native tiles; Leaflet scales them down). */
  minZoom: number;
  /** Coarsest zoom with real tiles: the pyramid's top level. */
  minNativeZoom: number;
  /** Finest zoom with real tiles: level 0. */
  maxNativeZoom: 0;
  maxZoom: number;
}

/**
 * Zoom limits for showing `visible`. `nativeTopLevel` caps which levels are requested:
 * a folded room passes 0, because pyramid cells above level 0 also cover the hidden part
 * of the canvas and are not served until the room is finished.
 */
export function zoomRange(visible: Rect, nativeTopLevel: number = pyramidTopLevel(visible)): ZoomRange {
  const minNativeZoom = levelToZoom(nativeTopLevel);
  return { minZoom: minNativeZoom - EXTRA_ZOOM_OUT, minNativeZoom, maxNativeZoom: 0, maxZoom: MAX_ZOOM };
}

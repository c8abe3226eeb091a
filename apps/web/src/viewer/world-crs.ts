import type { Rect } from '@exquisite/geometry';
import L from 'leaflet';

/**
 * The map frame is the world frame: `L.CRS.Simple` with a transformation of (1, 0, 1, 0),
 * so y grows down like the world and world pixel (x, y) is layer point (x, y) at zoom 0.
 * Growing the canvas left or up only adds negative coordinates; nothing placed moves.
 */
export const WorldCRS: L.CRS = L.extend({}, L.CRS.Simple, {
  transformation: new L.Transformation(1, 0, 1, 0),
});

/** World pixel → LatLng (lat carries y, lng carries x in `CRS.Simple`). */
export function worldToLatLng(p: { x: number; y: number }): L.LatLng {
  return L.latLng(p.y, p.x);
}

export function latLngToWorld(latLng: L.LatLng): { x: number; y: number } {
  return { x: latLng.lng, y: latLng.lat };
}

/** A world rect as Leaflet bounds: corners (x, y) and (x + width, y + height). */
export function rectToBounds(r: Rect): L.LatLngBounds {
  return L.latLngBounds(
    worldToLatLng({ x: r.x, y: r.y }),
    worldToLatLng({ x: r.x + r.width, y: r.y + r.height }),
  );
}

import L from 'leaflet';
import { apiUrls } from '../api/client.js';
import { zoomToLevel } from './levels.js';

export interface CanvasTileLayerOptions extends L.TileLayerOptions {
  roomId: string;
  /** Canvas version: part of every tile URL so a committed step loads new, immutable tiles. */
  version: number;
}

/**
 * Tiles from the room's pyramid. Leaflet asks for tile (x, y) at zoom z (already clamped
 * to the native range); that is cell (x, y) of level −z, so the URL is a direct mapping.
 */
export class CanvasTileLayer extends L.TileLayer {
  declare options: CanvasTileLayerOptions;

  constructor(options: CanvasTileLayerOptions) {
    super('', { tileSize: 512, noWrap: true, keepBuffer: 1, ...options });
  }

  override getTileUrl(coords: L.Coords): string {
    return apiUrls.tile(this.options.roomId, zoomToLevel(coords.z), coords.x, coords.y, this.options.version);
  }
}

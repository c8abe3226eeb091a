import { cellsIntersectingAtLevel, planStep } from '@exquisite/geometry';
import L from 'leaflet';
import { describe, expect, it } from 'vitest';
import { CanvasTileLayer } from './canvas-tile-layer.js';
import { latLngToWorld, rectToBounds, WorldCRS, worldToLatLng } from './world-crs.js';

describe('world CRS', () => {
  it('maps world pixels 1:1 to layer points at zoom 0, y growing down', () => {
    for (const p of [
      { x: 0, y: 0 },
      { x: 1536, y: 512 },
      { x: -512, y: -1024 },
    ]) {
      const point = WorldCRS.latLngToPoint(worldToLatLng(p), 0);
      expect({ x: point.x, y: point.y }).toEqual(p);
      expect(latLngToWorld(WorldCRS.pointToLatLng(L.point(p.x, p.y), 0))).toEqual(p);
    }
  });

  it('halves the scale per zoom step out', () => {
    const point = WorldCRS.latLngToPoint(worldToLatLng({ x: 2048, y: -1024 }), -2);
    expect({ x: point.x, y: point.y }).toEqual({ x: 512, y: -256 });
  });

  it("puts Leaflet's tile (x, y) at zoom −k exactly on pyramid cell (x, y) of level k", () => {
    const canvas = { x: -1536, y: -512, width: 4096, height: 2048 };
    for (const level of [0, 1, 2]) {
      const expected = cellsIntersectingAtLevel(canvas, level);
      const b = rectToBounds(canvas);
      const nw = WorldCRS.latLngToPoint(b.getNorthWest(), -level);
      const se = WorldCRS.latLngToPoint(b.getSouthEast(), -level);
      const tiles: Array<{ cx: number; cy: number }> = [];
      for (
        let ty = Math.floor(Math.min(nw.y, se.y) / 512);
        ty < Math.ceil(Math.max(nw.y, se.y) / 512);
        ty++
      ) {
        for (
          let tx = Math.floor(Math.min(nw.x, se.x) / 512);
          tx < Math.ceil(Math.max(nw.x, se.x) / 512);
          tx++
        ) {
          tiles.push({ cx: tx, cy: ty });
        }
      }
      expect(tiles).toEqual(expected.map(({ cx, cy }) => ({ cx, cy })));
    }
  });

  it('turns a ghost strip (planStep newRegion) into bounds covering exactly that world rect', () => {
    const canvas = { x: 0, y: 0, width: 1024, height: 1536 };
    const strip = planStep(canvas, 'left').newRegion;
    const b = rectToBounds(strip);
    // With y down, Leaflet's "south" (smallest lat) is the world's top edge.
    expect(latLngToWorld(b.getSouthWest())).toEqual({ x: -512, y: 0 });
    expect(latLngToWorld(b.getNorthEast())).toEqual({ x: 0, y: 1536 });
    const topLeft = WorldCRS.latLngToPoint(b.getSouthWest(), 0);
    expect({ x: topLeft.x, y: topLeft.y }).toEqual({ x: -512, y: 0 });
  });
});

describe('CanvasTileLayer', () => {
  it('asks for level −z cells, with the canvas version in the URL', () => {
    const layer = new CanvasTileLayer({ roomId: 'r 1', version: 7 });
    expect(layer.getTileUrl(Object.assign(L.point(-3, 2), { z: 0 }) as L.Coords)).toBe(
      '/api/rooms/r%201/tiles/0/-3/2.png?v=7',
    );
    expect(layer.getTileUrl(Object.assign(L.point(0, -1), { z: -2 }) as L.Coords)).toBe(
      '/api/rooms/r%201/tiles/2/0/-1.png?v=7',
    );
  });
});

import { boundsOf, type Direction, type Rect } from '@exquisite/geometry';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { createEffect, on, onCleanup, onMount } from 'solid-js';
import { formatDirection } from '../lib/format.js';
import { CanvasTileLayer } from './canvas-tile-layer.js';
import { zoomRange } from './levels.js';
import { rectToBounds, WorldCRS } from './world-crs.js';

/** A place the canvas could grow this turn: the next 512-px strip beyond one edge. */
export interface Ghost {
  direction: Direction;
  rect: Rect;
}

export interface CanvasViewerProps {
  roomId: string;
  /** Canvas version, bumped when a step commits; new tiles load without a reload. */
  version: number;
  /** What may be shown: the whole canvas, or a folded room's last strip. */
  visible: Rect;
  /** Coarsest pyramid level to request (0 for a folded room still in play). */
  nativeTopLevel?: number;
  ghosts: Ghost[];
  selected: Direction | null;
  onPick?: (direction: Direction) => void;
  label: string;
}

/**
 * The canvas as a slippy map (see docs/decisions/0003-canvas-viewer.md). The map frame is
 * the world frame, so when the canvas grows left or up nothing on screen jumps: new tiles
 * appear beyond the old edge. It re-fits to the canvas after a step unless the player has
 * moved the view themselves.
 */
export function CanvasViewer(props: CanvasViewerProps) {
  let container!: HTMLDivElement;
  let map: L.Map | undefined;
  let tiles: CanvasTileLayer | undefined;
  let outline: L.Rectangle | undefined;
  const ghostLayer = L.layerGroup();
  let userMoved = false;
  let fitting = false;

  const fitTarget = () => boundsOf([props.visible, ...props.ghosts.map((g) => g.rect)]);

  const fit = () => {
    if (!map) return;
    fitting = true;
    map.fitBounds(rectToBounds(fitTarget()), { padding: [16, 16], animate: false });
    fitting = false;
    userMoved = false;
  };

  const setTiles = () => {
    if (!map) return;
    const range = zoomRange(props.visible, props.nativeTopLevel);
    map.setMinZoom(range.minZoom);
    map.setMaxZoom(range.maxZoom);
    map.setMaxBounds(rectToBounds(props.visible).pad(0.5));
    const next = new CanvasTileLayer({
      roomId: props.roomId,
      version: props.version,
      bounds: rectToBounds(props.visible),
      minZoom: range.minZoom,
      maxZoom: range.maxZoom,
      minNativeZoom: range.minNativeZoom,
      maxNativeZoom: range.maxNativeZoom,
      className: 'canvas-tiles',
    });
    const previous = tiles;
    tiles = next;
    next.addTo(map);
    next.getContainer()?.setAttribute('data-version', String(props.version));
    if (previous) {
      // Keep the old tiles until the new version has loaded, so the canvas never blinks.
      const drop = () => previous.remove();
      next.once('load', drop);
      setTimeout(drop, 10_000);
    }
    outline?.remove();
    outline = L.rectangle(rectToBounds(props.visible), {
      className: 'canvas-outline',
      fill: false,
      weight: 1,
      interactive: false,
    }).addTo(map);
  };

  const drawGhosts = () => {
    ghostLayer.clearLayers();
    for (const ghost of props.ghosts) {
      const selected = props.selected === ghost.direction;
      const shape = L.rectangle(rectToBounds(ghost.rect), {
        className: `ghost ghost-${ghost.direction}${selected ? ' ghost-selected' : ''}`,
        dashArray: selected ? undefined : '8 6',
        weight: selected ? 3 : 2,
        fillOpacity: selected ? 0.25 : 0.08,
      });
      shape.bindTooltip(`Grow ${formatDirection(ghost.direction)}`, { sticky: true });
      shape.on('click', () => props.onPick?.(ghost.direction));
      ghostLayer.addLayer(shape);
    }
  };

  onMount(() => {
    map = L.map(container, {
      crs: WorldCRS,
      zoomSnap: 0.25,
      zoomDelta: 0.5,
      attributionControl: false,
      // Arrow keys on the map pan it; picking a direction uses the radio group instead.
      keyboard: true,
    });
    map.on('dragstart zoomstart', () => {
      if (!fitting) userMoved = true;
    });
    // Give the map its view before adding layers: vector layers added to a map that has no
    // view yet meet a renderer without bounds (Leaflet 1.9).
    fit();
    ghostLayer.addTo(map);
    setTiles();
    drawGhosts();
    // The container may get its final size after mount (lazy CSS, layout): re-fit with it.
    const resize = new ResizeObserver(() => {
      map?.invalidateSize();
      if (!userMoved) fit();
    });
    resize.observe(container);
    onCleanup(() => {
      resize.disconnect();
      map?.remove();
      map = undefined;
    });
  });

  createEffect(
    on(
      () => [props.version, props.visible.x, props.visible.y, props.visible.width, props.visible.height],
      () => {
        setTiles();
        if (!userMoved) fit();
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => [props.ghosts, props.selected],
      () => {
        drawGhosts();
        if (!userMoved) fit();
      },
      { defer: true },
    ),
  );

  return (
    <div class="viewer">
      <div
        ref={container}
        class="viewer-map"
        role="img"
        aria-label={props.label}
        data-testid="canvas-viewer"
        data-version={props.version}
      />
      <button type="button" class="viewer-fit secondary" onClick={fit}>
        Fit canvas
      </button>
    </div>
  );
}

import {
  cellsIntersectingAtLevel,
  levelCellRect,
  pyramidTopLevel,
  type Rect,
  worldToLocal,
} from '@exquisite/geometry';
import { For, Show } from 'solid-js';
import { apiUrls } from '../api/client.js';
import type { RoomDto } from '../api/contract.js';
import { isFoldedAndHidden } from './rules.js';

const pct = (part: number, whole: number) => `${(part / whole) * 100}%`;

/**
 * A small picture of the canvas from its top pyramid level: at most 2×2 cells of 512 px,
 * whatever the canvas size, so the lobby never downloads a full-size export.
 */
export function Thumbnail(props: { room: RoomDto }) {
  const canvas = (): Rect => props.room.canvas;
  const cells = () => {
    const level = pyramidTopLevel(canvas());
    return cellsIntersectingAtLevel(canvas(), level).map((cell) => {
      const local = worldToLocal(levelCellRect({ ...cell, level }), canvas());
      return { ...cell, level, local };
    });
  };
  return (
    <Show
      when={!isFoldedAndHidden(props.room)}
      fallback={
        <div class="thumbnail folded" role="img" aria-label="Folded canvas, hidden until the end">
          folded
        </div>
      }
    >
      <div
        class="thumbnail"
        role="img"
        aria-label={`Canvas ${canvas().width} × ${canvas().height}`}
        style={{ 'aspect-ratio': `${canvas().width} / ${canvas().height}` }}
      >
        <For each={cells()}>
          {(cell) => (
            <img
              alt=""
              loading="lazy"
              src={apiUrls.tile(props.room.id, cell.level, cell.cx, cell.cy, props.room.canvas.version)}
              style={{
                left: pct(cell.local.x, canvas().width),
                top: pct(cell.local.y, canvas().height),
                width: pct(cell.local.width, canvas().width),
                height: pct(cell.local.height, canvas().height),
              }}
            />
          )}
        </For>
      </div>
    </Show>
  );
}

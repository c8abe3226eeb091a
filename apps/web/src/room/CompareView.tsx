import { worldToLocal } from '@exquisite/geometry';
import { createSignal } from 'solid-js';
import { apiUrls } from '../api/client.js';
import type { CanvasRef } from '../api/contract.js';

const pct = (part: number, whole: number) => `${(part / whole) * 100}%`;

/**
 * Before/after of one step: the "after" canvas with the "before" canvas laid over it at its
 * place in the world, revealed up to a slider. Both are exports of committed versions.
 */
export function CompareView(props: { roomId: string; before: CanvasRef; after: CanvasRef; label: string }) {
  const [split, setSplit] = createSignal(50);
  const local = () => worldToLocal(props.before, props.after);
  return (
    <figure class="compare">
      <div
        class="compare-frame"
        style={{ 'aspect-ratio': `${props.after.width} / ${props.after.height}` }}
        data-testid="compare"
      >
        <img src={apiUrls.canvasPng(props.roomId, props.after.version)} alt={`After ${props.label}`} />
        <div class="compare-before" style={{ 'clip-path': `inset(0 ${100 - split()}% 0 0)` }}>
          <img
            src={apiUrls.canvasPng(props.roomId, props.before.version)}
            alt={`Before ${props.label}`}
            style={{
              left: pct(local().x, props.after.width),
              top: pct(local().y, props.after.height),
              width: pct(local().width, props.after.width),
              height: pct(local().height, props.after.height),
            }}
          />
        </div>
        <div class="compare-handle" style={{ left: `${split()}%` }} aria-hidden="true" />
      </div>
      <label class="compare-slider">
        <span>Before ◂ ▸ after</span>
        <input
          type="range"
          min={0}
          max={100}
          value={split()}
          onInput={(e) => setSplit(Number(e.currentTarget.value))}
          aria-label="Reveal before and after"
        />
      </label>
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}

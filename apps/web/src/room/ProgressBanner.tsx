import { createSignal, onCleanup } from 'solid-js';
import { formatProgress } from '../lib/format.js';
import type { StepProgress } from './live-room.js';

/** "Ada is painting — tile 1 of 3 · generating · 0:12", ticking once a second. `who` has its verb ("You are"). */
export function ProgressBanner(props: { progress: StepProgress; who: string }) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  const fraction = () => Math.min(1, (props.progress.tile + 1) / Math.max(1, props.progress.tiles));
  return (
    <div class="progress-banner" role="status" aria-live="polite" data-testid="step-progress">
      <p>
        <strong>{props.who}</strong> painting —{' '}
        {formatProgress(props.progress, now() - props.progress.startedAt)}
      </p>
      <progress max={1} value={fraction()} aria-label="Step progress" />
    </div>
  );
}

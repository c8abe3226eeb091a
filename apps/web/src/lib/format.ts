import type { Direction, StepDto, StepPhase, StepStatus } from '../api/contract.js';

const PHASE_LABEL: Record<StepPhase, string> = {
  generating: 'generating',
  compositing: 'blending the seam',
  writing: 'saving',
};

/** "1:05" for 65 s; "0:07" for 7 s. Negative durations (clock skew) read as 0. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/**
 * "tile 2 of 3 · generating · 0:14". `tile` is 0-based on the wire (tile index in generation
 * order) and shown 1-based; it is clamped so a late event never reads "tile 4 of 3".
 */
export function formatProgress(
  p: { tile: number; tiles: number; phase: StepPhase },
  elapsedMs: number,
): string {
  const shown = Math.min(Math.max(p.tile + 1, 1), Math.max(p.tiles, 1));
  return `tile ${shown} of ${p.tiles} · ${PHASE_LABEL[p.phase] ?? p.phase} · ${formatElapsed(elapsedMs)}`;
}

const DIRECTION_ARROW: Record<Direction, string> = { right: '→', left: '←', up: '↑', down: '↓' };

export function formatDirection(direction: Direction): string {
  return `${DIRECTION_ARROW[direction]} ${direction}`;
}

const STATUS_LABEL: Record<StepStatus, string> = {
  running: 'in progress',
  committed: 'added',
  failed: 'failed',
  aborted: 'aborted',
};

export function formatStepStatus(status: StepStatus): string {
  return STATUS_LABEL[status];
}

/** "just now", "5 min ago", "3 h ago", else a short date. `now` is injectable for tests. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (Number.isNaN(seconds)) return '';
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return then.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** One line of the history timeline: "#3 Ada → right · added · 2 tiles". */
export function formatTimelineEntry(step: StepDto, playerName: string): string {
  const parts = [
    `#${step.number} ${playerName} ${formatDirection(step.direction)}`,
    formatStepStatus(step.status),
  ];
  parts.push(`${step.tiles} ${step.tiles === 1 ? 'tile' : 'tiles'}`);
  if (step.status === 'failed' || step.status === 'aborted') {
    if (step.error) parts.push(step.error.message || step.error.code);
  }
  return parts.join(' · ');
}

/** "10.5 MiB" — for file-size messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

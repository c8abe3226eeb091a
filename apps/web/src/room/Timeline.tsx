import { For, Show } from 'solid-js';
import type { RoomDto, StepDto } from '../api/contract.js';
import { formatDirection, formatStepStatus, formatWhen } from '../lib/format.js';
import { memberName } from './rules.js';

export interface TimelineProps {
  room: Pick<RoomDto, 'members'>;
  steps: StepDto[];
  selectedId: string | null;
  /** Absent when before/after is not allowed (a folded room still in play). */
  onSelect?: ((step: StepDto) => void) | undefined;
}

/** Every step of the room, newest first; committed ones open a before/after compare. */
export function Timeline(props: TimelineProps) {
  return (
    <Show when={props.steps.length > 0} fallback={<p class="status empty">No moves yet.</p>}>
      <ol class="timeline" aria-label="History" data-testid="timeline">
        <For each={props.steps}>
          {(step) => {
            const selectable = () =>
              props.onSelect !== undefined && step.status === 'committed' && step.after !== null;
            return (
              <li class={`timeline-entry status-${step.status}`} data-status={step.status}>
                <div class="timeline-head">
                  <span class="timeline-number">#{step.number}</span>
                  <span>{memberName(props.room, step.userId)}</span>
                  <span>{formatDirection(step.direction)}</span>
                  <span class={`badge status-${step.status}`}>{formatStepStatus(step.status)}</span>
                  <time dateTime={step.createdAt} title={new Date(step.createdAt).toLocaleString()}>
                    {formatWhen(step.createdAt)}
                  </time>
                </div>
                <p class="timeline-prompt">{step.prompt}</p>
                <Show when={step.error}>{(error) => <p class="timeline-error">{error().message}</p>}</Show>
                <Show when={selectable()}>
                  <button
                    type="button"
                    class="link-button"
                    aria-pressed={props.selectedId === step.id}
                    onClick={() => props.onSelect?.(step)}
                  >
                    {props.selectedId === step.id ? 'Hide before/after' : 'Before/after'}
                  </button>
                </Show>
              </li>
            );
          }}
        </For>
      </ol>
    </Show>
  );
}

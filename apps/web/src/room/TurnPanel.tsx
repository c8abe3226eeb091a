import { DIRECTIONS, type Direction } from '@exquisite/geometry';
import { For, Show } from 'solid-js';
import { formatDirection } from '../lib/format.js';
import { MAX_PROMPT_CHARS } from './create-room.js';

const KEY_DIRECTION: Record<string, Direction> = {
  ArrowRight: 'right',
  ArrowLeft: 'left',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** The arrow key's direction when it is allowed, so ↑ means "up", not "previous radio". */
export function directionForKey(key: string, allowed: readonly Direction[]): Direction | undefined {
  const direction = KEY_DIRECTION[key];
  return direction && allowed.includes(direction) ? direction : undefined;
}

export interface TurnPanelProps {
  allowed: Direction[];
  selected: Direction | null;
  onSelect: (direction: Direction) => void;
  prompt: string;
  onPrompt: (prompt: string) => void;
  /** Estimated credits for the selected direction (null until one is picked). */
  cost: number | null;
  credits: number;
  busy: boolean;
  error?: string | undefined;
  onSubmit: () => void;
}

export function TurnPanel(props: TurnPanelProps) {
  const length = () => props.prompt.trim().length;
  const promptOk = () => length() >= 1 && length() <= MAX_PROMPT_CHARS;
  const affordable = () => props.cost === null || props.cost <= props.credits;
  const canSubmit = () => !props.busy && props.selected !== null && promptOk() && affordable();

  const onKeyDown = (event: KeyboardEvent) => {
    const direction = directionForKey(event.key, props.allowed);
    if (!direction) return;
    event.preventDefault();
    props.onSelect(direction);
    document.getElementById(`dir-${direction}`)?.focus();
  };

  return (
    <form
      class="turn-panel stack"
      aria-label="Your turn"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSubmit()) props.onSubmit();
      }}
    >
      <h2>Your turn</h2>
      <fieldset class="directions" onKeyDown={onKeyDown}>
        <legend>Grow the canvas</legend>
        <Show when={props.allowed.length > 0} fallback={<p>The canvas has reached its size limit.</p>}>
          <For each={DIRECTIONS.filter((d) => props.allowed.includes(d))}>
            {(direction) => (
              <label class="choice direction-choice">
                <input
                  id={`dir-${direction}`}
                  type="radio"
                  name="direction"
                  value={direction}
                  checked={props.selected === direction}
                  onChange={() => props.onSelect(direction)}
                />
                {formatDirection(direction)}
              </label>
            )}
          </For>
        </Show>
        <small class="hint">Arrow keys pick a side; you can also click a dashed strip on the canvas.</small>
      </fieldset>
      <div class="field">
        <label for="step-prompt">What happens next?</label>
        <textarea
          id="step-prompt"
          name="prompt"
          rows={3}
          value={props.prompt}
          onInput={(e) => props.onPrompt(e.currentTarget.value)}
          aria-describedby="step-prompt-count"
          maxLength={MAX_PROMPT_CHARS + 200}
        />
        <small id="step-prompt-count" class="hint" classList={{ 'field-error': length() > MAX_PROMPT_CHARS }}>
          {length()} / {MAX_PROMPT_CHARS}
        </small>
      </div>
      <p class="cost" data-testid="step-cost">
        <Show when={props.cost !== null} fallback="Pick a side to see the cost.">
          Costs {props.cost} {props.cost === 1 ? 'credit' : 'credits'} · you have {props.credits}
        </Show>
      </p>
      <Show when={!affordable()}>
        <p class="form-error">Not enough credits for this side.</p>
      </Show>
      <Show when={props.error}>
        <p class="form-error" role="alert">
          {props.error}
        </p>
      </Show>
      <button type="submit" disabled={!canSubmit()}>
        {props.busy ? 'Sending…' : 'Paint it'}
      </button>
    </form>
  );
}

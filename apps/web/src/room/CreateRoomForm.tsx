import { DIRECTIONS, type Direction } from '@exquisite/geometry';
import { createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import { describeError } from '../api/api-error.js';
import type { CreateRoomInput } from '../api/client.js';
import type { ColorTransfer, RoomDto } from '../api/contract.js';
import { SelectField, TextField } from '../components/FormField.jsx';
import { formatDirection } from '../lib/format.js';
import {
  ACCEPTED_IMAGE_TYPES,
  COLOR_MATCHINGS,
  type CreateRoomErrors,
  imageProblem,
  MAX_PROMPT_CHARS,
  MAX_ROOM_NAME_CHARS,
  type StartFrom,
  validateCreateRoom,
} from './create-room.js';

export interface CreateRoomFormProps {
  create: (input: CreateRoomInput) => Promise<RoomDto>;
  onCreated: (room: RoomDto) => void;
}

const START_LABELS: Record<StartFrom, string> = {
  starter: 'The starter image',
  upload: 'An image of mine',
  prompt: 'A prompt (costs credits)',
};

export function CreateRoomForm(props: CreateRoomFormProps) {
  const [name, setName] = createSignal('');
  const [startFrom, setStartFrom] = createSignal<StartFrom>('starter');
  const [image, setImage] = createSignal<File | null>(null);
  const [preview, setPreview] = createSignal<string>();
  const [prompt, setPrompt] = createSignal('');
  const [mode, setMode] = createSignal<'open' | 'folded'>('open');
  const [direction, setDirection] = createSignal<Direction>('right');
  const [maxTurns, setMaxTurns] = createSignal('');
  const [colorTransfer, setColorTransfer] = createSignal<ColorTransfer>(COLOR_MATCHINGS[0]!.value);
  const [referenceHeadroom, setReferenceHeadroom] = createSignal(true);
  const [errors, setErrors] = createSignal<CreateRoomErrors>({});
  const [failure, setFailure] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  // One object URL per chosen file, revoked when replaced, so previews don't leak memory.
  createEffect(() => {
    const file = image();
    if (!file) return setPreview(undefined);
    const url = URL.createObjectURL(file);
    setPreview(url);
    onCleanup(() => URL.revokeObjectURL(url));
  });

  const onFile = (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0] ?? null;
    setImage(file);
    setErrors((e) => ({ ...e, image: file ? imageProblem(file) : undefined }));
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const result = validateCreateRoom({
      name: name(),
      startFrom: startFrom(),
      image: image(),
      prompt: prompt(),
      mode: mode(),
      direction: direction(),
      maxTurns: maxTurns(),
      colorTransfer: colorTransfer(),
      referenceHeadroom: referenceHeadroom(),
    });
    if (!result.ok) {
      setErrors(result.errors);
      const first = (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>(
        '[aria-invalid="true"]',
      );
      first?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      props.onCreated(await props.create(result.input));
    } catch (err) {
      setFailure(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack create-room" onSubmit={onSubmit} novalidate aria-label="Create a room">
      <TextField
        label="Room name"
        name="name"
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        maxLength={MAX_ROOM_NAME_CHARS}
        error={errors().name}
        required
      />
      <fieldset>
        <legend>Start from</legend>
        <For each={Object.keys(START_LABELS) as StartFrom[]}>
          {(option) => (
            <label class="choice">
              <input
                type="radio"
                name="startFrom"
                value={option}
                checked={startFrom() === option}
                onChange={() => setStartFrom(option)}
              />
              {START_LABELS[option]}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={startFrom() === 'upload'}>
        <div class="field">
          <label for="room-image">Image (PNG, JPEG or WebP, up to 10 MiB)</label>
          <input
            id="room-image"
            name="image"
            type="file"
            accept={ACCEPTED_IMAGE_TYPES.join(',')}
            onChange={onFile}
            aria-invalid={errors().image ? 'true' : undefined}
            aria-describedby={errors().image ? 'room-image-error' : undefined}
          />
          <Show when={errors().image}>
            <small id="room-image-error" class="field-error">
              {errors().image}
            </small>
          </Show>
          <Show when={preview() && !errors().image}>
            <img class="upload-preview" src={preview()} alt="Preview of your start" />
            <small class="hint">It will be cropped to a square, 1024 × 1024.</small>
          </Show>
        </div>
      </Show>
      <Show when={startFrom() === 'prompt'}>
        <div class="field">
          <label for="room-prompt">Starting prompt</label>
          <textarea
            id="room-prompt"
            name="prompt"
            rows={3}
            value={prompt()}
            onInput={(e) => setPrompt(e.currentTarget.value)}
            aria-invalid={errors().prompt ? 'true' : undefined}
            aria-describedby="room-prompt-count"
          />
          <small id="room-prompt-count" class="hint">
            {prompt().trim().length} / {MAX_PROMPT_CHARS}
          </small>
          <Show when={errors().prompt}>
            <small class="field-error">{errors().prompt}</small>
          </Show>
        </div>
      </Show>
      <fieldset>
        <legend>Mode</legend>
        <label class="choice">
          <input
            type="radio"
            name="mode"
            value="open"
            checked={mode() === 'open'}
            onChange={() => setMode('open')}
          />
          Open — everyone sees the whole canvas
        </label>
        <label class="choice">
          <input
            type="radio"
            name="mode"
            value="folded"
            checked={mode() === 'folded'}
            onChange={() => setMode('folded')}
          />
          Folded — grow one way, see only the last strip until the end
        </label>
      </fieldset>
      <Show when={mode() === 'folded'}>
        <SelectField
          label="Folded direction"
          id="room-direction"
          name="direction"
          value={direction()}
          options={DIRECTIONS.map((d) => ({ value: d, label: formatDirection(d) }))}
          onChange={setDirection}
        />
      </Show>
      <TextField
        label="Max turns (optional)"
        name="maxTurns"
        type="number"
        inputmode="numeric"
        min={1}
        value={maxTurns()}
        onInput={(e) => setMaxTurns(e.currentTarget.value)}
        error={errors().maxTurns}
      />
      <SelectField
        label="Colour matching"
        id="room-colour"
        name="colorTransfer"
        value={colorTransfer()}
        options={COLOR_MATCHINGS}
        onChange={setColorTransfer}
      />
      <label class="choice">
        <input
          type="checkbox"
          name="referenceHeadroom"
          checked={referenceHeadroom()}
          onChange={(e) => setReferenceHeadroom(e.currentTarget.checked)}
        />
        Headroom for the model (steadier colours over many steps)
      </label>
      <Show when={failure()}>
        <p class="form-error" role="alert">
          {failure()}
        </p>
      </Show>
      <button type="submit" disabled={busy()}>
        {busy() ? 'Creating…' : 'Create room'}
      </button>
    </form>
  );
}

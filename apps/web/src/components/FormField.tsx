import { For, type JSX, Show, splitProps } from 'solid-js';

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  error?: string | undefined;
  hint?: string;
};

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export function TextField(props: InputProps) {
  const [own, input] = splitProps(props, ['label', 'error', 'hint', 'id']);
  const id = own.id ?? `f-${Math.random().toString(36).slice(2, 9)}`;
  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <input
        id={id}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={own.error ? `${id}-error` : own.hint ? `${id}-hint` : undefined}
        {...input}
      />
      <Show when={own.hint && !own.error}>
        <small id={`${id}-hint`} class="hint">
          {own.hint}
        </small>
      </Show>
      <Show when={own.error}>
        <small id={`${id}-error`} class="field-error">
          {own.error}
        </small>
      </Show>
    </div>
  );
}

/** A labelled choice among fixed options; `onChange` gets the chosen option's value. */
export function SelectField<T extends string>(props: {
  label: string;
  id: string;
  name: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value as T)}
      >
        <For each={props.options}>{(o) => <option value={o.value}>{o.label}</option>}</For>
      </select>
    </div>
  );
}

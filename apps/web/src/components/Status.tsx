import type { JSX } from 'solid-js';
import { ApiError, describeError } from '../api/api-error.js';

export function Loading(props: { what: string }) {
  return (
    <p class="status loading" role="status" aria-live="polite">
      Loading {props.what}…
    </p>
  );
}

export function ErrorNote(props: { error: unknown; children?: JSX.Element }) {
  // Unexpected errors land here through error boundaries; keep their stack for developers.
  if (!(props.error instanceof ApiError)) console.error(props.error);
  return (
    <div class="status error" role="alert">
      <p>{describeError(props.error)}</p>
      {props.children}
    </div>
  );
}

export function Empty(props: { children: JSX.Element }) {
  return <p class="status empty">{props.children}</p>;
}

import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { describeError } from '../api/api-error.js';
import { useAuth } from '../auth/auth-context.jsx';
import { TextField } from '../components/FormField.jsx';

/** Only same-site paths, so `?next=` cannot send a player to another origin. */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export default function SignInPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      await auth.signIn(String(form.get('email')), String(form.get('password')));
      navigate(safeNext(params.next), { replace: true });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page narrow">
      <h1>Sign in</h1>
      <form onSubmit={onSubmit} class="stack" aria-describedby={error() ? 'signin-error' : undefined}>
        <TextField label="Email" name="email" type="email" autocomplete="email" required autofocus />
        <TextField
          label="Password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <Show when={error()}>
          <p id="signin-error" class="form-error" role="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" disabled={busy()}>
          {busy() ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here?{' '}
        <A href={`/signup${params.next ? `?next=${encodeURIComponent(safeNext(params.next))}` : ''}`}>
          Create an account
        </A>
      </p>
    </section>
  );
}

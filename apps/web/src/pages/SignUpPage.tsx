import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { describeError } from '../api/api-error.js';
import { useAuth } from '../auth/auth-context.jsx';
import { TextField } from '../components/FormField.jsx';
import { safeNext } from './SignInPage.jsx';

export const MIN_PASSWORD = 8;

export default function SignUpPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = createSignal<string>();
  const [passwordError, setPasswordError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(form.get('password'));
    if (password.length < MIN_PASSWORD) {
      setPasswordError(`Use at least ${MIN_PASSWORD} characters.`);
      return;
    }
    setPasswordError(undefined);
    setBusy(true);
    setError(undefined);
    try {
      await auth.signUp(String(form.get('email')), password, String(form.get('displayName')).trim());
      navigate(safeNext(params.next), { replace: true });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page narrow">
      <h1>Create an account</h1>
      <form onSubmit={onSubmit} class="stack" novalidate>
        <TextField
          label="Display name"
          name="displayName"
          autocomplete="nickname"
          required
          maxLength={60}
          autofocus
        />
        <TextField label="Email" name="email" type="email" autocomplete="email" required />
        <TextField
          label="Password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          hint={`At least ${MIN_PASSWORD} characters.`}
          error={passwordError()}
        />
        <Show when={error()}>
          <p class="form-error" role="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" disabled={busy()}>
          {busy() ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <A href="/signin">Sign in</A>
      </p>
    </section>
  );
}

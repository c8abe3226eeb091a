import { A, useNavigate } from '@solidjs/router';
import { type JSX, Show } from 'solid-js';
import { useAuth } from '../auth/auth-context.jsx';

export function Layout(props: { children?: JSX.Element }) {
  const auth = useAuth();
  const navigate = useNavigate();
  const signOut = async () => {
    await auth.signOut();
    navigate('/signin');
  };
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <A href="/" class="brand" end>
          Exquisite
        </A>
        <nav aria-label="Main">
          <Show when={auth.user()}>
            {(user) => (
              <>
                <A href="/" end>
                  Rooms
                </A>
                <Show when={user().role === 'admin'}>
                  <A href="/admin">Admin</A>
                </Show>
                <span class="whoami">
                  {user().displayName} · <span data-testid="credits">{user().credits}</span> credits
                </span>
                <button type="button" class="link-button" onClick={signOut}>
                  Sign out
                </button>
              </>
            )}
          </Show>
        </nav>
      </header>
      <main id="main" tabindex="-1">
        {props.children}
      </main>
    </>
  );
}

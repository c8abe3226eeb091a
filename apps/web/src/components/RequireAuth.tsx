import { Navigate, useLocation } from '@solidjs/router';
import { type JSX, Match, Switch } from 'solid-js';
import type { UserDto } from '../api/contract.js';
import { useAuth } from '../auth/auth-context.jsx';
import { ErrorNote, Loading } from './Status.jsx';

/** Renders its children with the signed-in user, or sends a visitor to sign in and back. */
export function RequireAuth(props: { children: (user: () => UserDto) => JSX.Element }) {
  const auth = useAuth();
  const location = useLocation();
  const next = () => encodeURIComponent(location.pathname + location.search);
  return (
    <Switch>
      <Match when={auth.user.error}>
        <ErrorNote error={auth.user.error} />
      </Match>
      <Match when={auth.user.loading && auth.user.latest === undefined}>
        <Loading what="your account" />
      </Match>
      <Match when={auth.user() === null}>
        <Navigate href={`/signin?next=${next()}`} />
      </Match>
      <Match when={auth.user()}>{(user) => props.children(user)}</Match>
    </Switch>
  );
}

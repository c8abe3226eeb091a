import { createAsync, revalidate } from '@solidjs/router';
import { createSignal, ErrorBoundary, For, Show, Suspense } from 'solid-js';
import { describeError } from '../api/api-error.js';
import { api } from '../api/client.js';
import type { UserDto } from '../api/contract.js';
import { getAdminAudit, getAdminSteps, getAdminUsers } from '../api/queries.js';
import { RequireAuth } from '../components/RequireAuth.jsx';
import { Empty, ErrorNote, Loading } from '../components/Status.jsx';
import { formatWhen } from '../lib/format.js';

function RunningSteps() {
  const steps = createAsync(() => getAdminSteps());
  const [error, setError] = createSignal<string>();
  const abort = async (stepId: string) => {
    if (!confirm('Abort this step? The player is refunded and the room unlocked.')) return;
    try {
      await api.admin.abortStep(stepId);
      await revalidate(getAdminSteps.key);
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <Show when={(steps()?.length ?? 0) > 0} fallback={<Empty>No running steps.</Empty>}>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <table>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Room</th>
            <th scope="col">Started</th>
            <th scope="col">Lease until</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={steps()}>
            {(step) => {
              const stuck = () =>
                step.stuck ?? (step.leaseExpiresAt != null && Date.parse(step.leaseExpiresAt) < Date.now());
              return (
                <tr classList={{ stuck: stuck() }}>
                  <td>
                    #{step.number} {step.direction} · {step.tiles} tiles
                  </td>
                  <td>
                    <code>{step.roomId}</code>
                  </td>
                  <td>{formatWhen(step.createdAt)}</td>
                  <td>
                    {step.leaseExpiresAt ? new Date(step.leaseExpiresAt).toLocaleTimeString() : '—'}
                    <Show when={stuck()}> (expired)</Show>
                  </td>
                  <td>
                    <button type="button" class="secondary danger" onClick={() => abort(step.id)}>
                      Abort
                    </button>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </Show>
  );
}

function GrantForm(props: { user: UserDto }) {
  const [status, setStatus] = createSignal<string>();
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const delta = Number(form.get('delta'));
    const reason = String(form.get('reason') ?? '').trim();
    if (!Number.isInteger(delta) || delta === 0) return setStatus('Enter a whole, non-zero number.');
    if (!reason) return setStatus('Give a reason; it goes in the audit log.');
    try {
      await api.admin.grantCredits(props.user.id, delta, reason);
      setStatus('Done.');
      await revalidate([getAdminUsers.key, getAdminAudit.key]);
    } catch (err) {
      setStatus(describeError(err));
    }
  };
  return (
    <form class="inline-form" onSubmit={onSubmit} aria-label={`Credits for ${props.user.displayName}`}>
      <label>
        <span class="sr-only">Credits to add (negative removes) for {props.user.displayName}</span>
        <input name="delta" type="number" inputmode="numeric" placeholder="±credits" required />
      </label>
      <label>
        <span class="sr-only">Reason</span>
        <input name="reason" placeholder="reason" required />
      </label>
      <button type="submit" class="secondary">
        Apply
      </button>
      <Show when={status()}>
        <small role="status">{status()}</small>
      </Show>
    </form>
  );
}

function Users() {
  const users = createAsync(() => getAdminUsers());
  return (
    <Show when={(users()?.length ?? 0) > 0} fallback={<Empty>No users.</Empty>}>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Credits</th>
            <th scope="col">Adjust</th>
          </tr>
        </thead>
        <tbody>
          <For each={users()}>
            {(user) => (
              <tr>
                <td>{user.displayName}</td>
                <td>{user.email}</td>
                <td>{user.role}</td>
                <td>{user.credits}</td>
                <td>
                  <GrantForm user={user} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}

function Audit() {
  const entries = createAsync(() => getAdminAudit());
  return (
    <Show when={(entries()?.length ?? 0) > 0} fallback={<Empty>The audit log is empty.</Empty>}>
      <ol class="audit">
        <For each={entries()}>
          {(entry) => (
            <li>
              <time dateTime={entry.createdAt}>{new Date(entry.createdAt).toLocaleString()}</time>{' '}
              <strong>{entry.action}</strong> {entry.targetType} <code>{entry.targetId}</code>
              <Show when={entry.data && Object.keys(entry.data as object).length > 0}>
                {' '}
                <code class="audit-data">{JSON.stringify(entry.data)}</code>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}

function Section(props: { title: string; children: () => import('solid-js').JSX.Element }) {
  return (
    <section class="admin-section">
      <h2>{props.title}</h2>
      <ErrorBoundary fallback={(err) => <ErrorNote error={err} />}>
        <Suspense fallback={<Loading what={props.title.toLowerCase()} />}>{props.children()}</Suspense>
      </ErrorBoundary>
    </section>
  );
}

export default function AdminPage() {
  return (
    <RequireAuth>
      {(me) => (
        <Show
          when={me().role === 'admin'}
          fallback={<ErrorNote error={new Error('Only admins can see this page.')} />}
        >
          <div class="page admin">
            <h1>Admin</h1>
            <Section title="Running steps">{() => <RunningSteps />}</Section>
            <Section title="Users">{() => <Users />}</Section>
            <Section title="Audit log">{() => <Audit />}</Section>
          </div>
        </Show>
      )}
    </RequireAuth>
  );
}

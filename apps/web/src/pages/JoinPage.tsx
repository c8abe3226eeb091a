import { A, revalidate, useNavigate, useParams } from '@solidjs/router';
import { createSignal, onMount, Show } from 'solid-js';
import { api } from '../api/client.js';
import { getMyRooms } from '../api/queries.js';
import { RequireAuth } from '../components/RequireAuth.jsx';
import { ErrorNote, Loading } from '../components/Status.jsx';

function Joining(props: { code: string }) {
  const navigate = useNavigate();
  const [error, setError] = createSignal<unknown>();
  onMount(async () => {
    try {
      const room = await api.rooms.join(props.code);
      await revalidate(getMyRooms.key);
      navigate(`/rooms/${room.id}`, { replace: true });
    } catch (err) {
      setError(err);
    }
  });
  return (
    <Show when={error()} fallback={<Loading what="the room" />}>
      <ErrorNote error={error()}>
        <p>
          <A href="/">Back to your rooms</A>
        </p>
      </ErrorNote>
    </Show>
  );
}

/** `/join/:code` — the invite link: sign in if needed, join (idempotent), go to the room. */
export default function JoinPage() {
  const params = useParams<{ code: string }>();
  return (
    <section class="page narrow">
      <h1>Joining a room</h1>
      <RequireAuth>{() => <Joining code={params.code} />}</RequireAuth>
    </section>
  );
}

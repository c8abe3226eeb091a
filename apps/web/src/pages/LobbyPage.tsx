import { A, createAsync, revalidate, useNavigate } from '@solidjs/router';
import { createSignal, ErrorBoundary, For, Show, Suspense } from 'solid-js';
import { describeError } from '../api/api-error.js';
import { api } from '../api/client.js';
import type { RoomDto, UserDto } from '../api/contract.js';
import { getMyRooms } from '../api/queries.js';
import { useAuth } from '../auth/auth-context.jsx';
import { TextField } from '../components/FormField.jsx';
import { RequireAuth } from '../components/RequireAuth.jsx';
import { Empty, ErrorNote, Loading } from '../components/Status.jsx';
import { CreateRoomForm } from '../room/CreateRoomForm.jsx';
import { memberName } from '../room/rules.js';
import { Thumbnail } from '../room/Thumbnail.jsx';

/** An invite code from what a player pasted: the bare code or a whole `/join/:code` link. */
export function inviteCodeFrom(text: string): string {
  const trimmed = text.trim();
  const match = /\/join\/([^/?#\s]+)/.exec(trimmed);
  return decodeURIComponent(match?.[1] ?? trimmed);
}

function turnLabel(room: RoomDto, me: UserDto): string {
  if (room.status === 'finished') return 'Finished';
  if (room.activeStep) return `${memberName(room, room.activeStep.userId)} is painting…`;
  if (room.turn.userId === me.id) return 'Your turn';
  return `${memberName(room, room.turn.userId)}'s turn`;
}

function RoomCard(props: { room: RoomDto; me: UserDto }) {
  const mine = () =>
    props.room.status === 'open' && !props.room.activeStep && props.room.turn.userId === props.me.id;
  return (
    <li class="room-card" classList={{ 'my-turn': mine() }}>
      <A
        href={`/rooms/${props.room.id}`}
        aria-label={`${props.room.name}: ${turnLabel(props.room, props.me)}`}
      >
        <Thumbnail room={props.room} />
        <span class="room-card-name">{props.room.name}</span>
        <span class="room-card-meta">
          <span class={`badge ${mine() ? 'badge-turn' : ''}`}>{turnLabel(props.room, props.me)}</span>
          <span>
            {props.room.mode} · {props.room.members.length}{' '}
            {props.room.members.length === 1 ? 'player' : 'players'}
          </span>
        </span>
      </A>
    </li>
  );
}

function JoinByCode() {
  const navigate = useNavigate();
  const [code, setCode] = createSignal('');
  const [error, setError] = createSignal<string>();
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const inviteCode = inviteCodeFrom(code());
    if (!inviteCode) return setError('Paste an invite code or link.');
    try {
      const room = await api.rooms.join(inviteCode);
      await revalidate(getMyRooms.key);
      navigate(`/rooms/${room.id}`);
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <form class="inline-form" onSubmit={onSubmit} aria-label="Join a room">
      <TextField
        label="Invite code or link"
        name="inviteCode"
        value={code()}
        onInput={(e) => {
          setCode(e.currentTarget.value);
          setError(undefined);
        }}
        error={error()}
      />
      <button type="submit">Join</button>
    </form>
  );
}

function Lobby(props: { me: UserDto }) {
  const rooms = createAsync(() => getMyRooms());
  const navigate = useNavigate();
  return (
    <section class="page lobby">
      <div class="lobby-rooms">
        <h1>Your rooms</h1>
        <ErrorBoundary
          fallback={(err, reset) => (
            <ErrorNote error={err}>
              <button type="button" onClick={reset}>
                Try again
              </button>
            </ErrorNote>
          )}
        >
          <Suspense fallback={<Loading what="your rooms" />}>
            <Show
              when={(rooms()?.length ?? 0) > 0}
              fallback={<Empty>No rooms yet. Create one, or join with an invite.</Empty>}
            >
              <ul class="room-grid">
                <For each={rooms()}>{(room) => <RoomCard room={room} me={props.me} />}</For>
              </ul>
            </Show>
          </Suspense>
        </ErrorBoundary>
      </div>
      <aside class="lobby-side">
        <h2>Join a room</h2>
        <JoinByCode />
        <h2>Create a room</h2>
        <CreateRoomForm
          create={(input) => api.rooms.create(input)}
          onCreated={async (room) => {
            await revalidate(getMyRooms.key);
            navigate(`/rooms/${room.id}`);
          }}
        />
      </aside>
    </section>
  );
}

export default function LobbyPage() {
  useAuth();
  return <RequireAuth>{(me) => <Lobby me={me()} />}</RequireAuth>;
}

import { createAsync, useParams } from '@solidjs/router';
import { ErrorBoundary, Show, Suspense } from 'solid-js';
import { getRoom, getSteps } from '../api/queries.js';
import { RequireAuth } from '../components/RequireAuth.jsx';
import { ErrorNote, Loading } from '../components/Status.jsx';
import { RoomView } from '../room/RoomView.jsx';

function RoomLoader(props: { roomId: string; meId: string }) {
  const room = createAsync(() => getRoom(props.roomId));
  const steps = createAsync(() => getSteps(props.roomId));
  return (
    <ErrorBoundary fallback={(err) => <ErrorNote error={err} />}>
      <Suspense fallback={<Loading what="the room" />}>
        <Show when={room() && steps() ? { room: room()!, steps: steps()! } : undefined}>
          {(initial) => <RoomView initialRoom={initial().room} initialSteps={initial().steps} />}
        </Show>
      </Suspense>
    </ErrorBoundary>
  );
}

export default function RoomPage() {
  const params = useParams<{ roomId: string }>();
  return (
    <RequireAuth>
      {(me) => (
        // Keyed on the room id, so moving between rooms starts a fresh live state.
        <Show when={params.roomId} keyed>
          {(roomId) => <RoomLoader roomId={roomId} meId={me().id} />}
        </Show>
      )}
    </RequireAuth>
  );
}

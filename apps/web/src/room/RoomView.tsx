import { type Direction, planStep } from '@exquisite/geometry';
import { A } from '@solidjs/router';
import {
  batch,
  createEffect,
  createMemo,
  createSignal,
  on,
  onCleanup,
  onMount,
  Show,
  untrack,
} from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { describeError, isApiError } from '../api/api-error.js';
import { api, apiUrls } from '../api/client.js';
import type { RoomDto, StepDto } from '../api/contract.js';
import { type ConnectionState, type RoomEvent, subscribeRoomEvents } from '../api/room-events.js';
import { SubmissionKeys } from '../api/submission-keys.js';
import { useAuth } from '../auth/auth-context.jsx';
import { estimateStepCost } from '../lib/cost.js';
import { formatDirection } from '../lib/format.js';
import { CanvasViewer, type Ghost } from '../viewer/CanvasViewer.jsx';
import { CompareView } from './CompareView.jsx';
import { InviteLink } from './InviteLink.jsx';
import { applyRoomEvent, healLiveRoom, initialLiveRoom, type LiveRoomState } from './live-room.js';
import { ProgressBanner } from './ProgressBanner.jsx';
import { allowedDirections, isFoldedAndHidden, isMyTurn, memberName, visibleRect } from './rules.js';
import { SeatsList } from './SeatsList.jsx';
import { Timeline } from './Timeline.jsx';
import { TurnPanel } from './TurnPanel.jsx';

export function RoomView(props: { initialRoom: RoomDto; initialSteps: StepDto[] }) {
  const auth = useAuth();
  const me = () => auth.user()!;
  const [state, setState] = createStore<LiveRoomState>(
    initialLiveRoom(
      untrack(() => props.initialRoom),
      untrack(() => props.initialSteps),
    ),
  );
  const room = () => state.room;
  const roomId = untrack(() => props.initialRoom.id);
  const keys = new SubmissionKeys();

  const [connection, setConnection] = createSignal<ConnectionState>('connecting');
  const [direction, setDirection] = createSignal<Direction | null>(null);
  const [prompt, setPrompt] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [submitError, setSubmitError] = createSignal<{ message: string; retrySafe: boolean }>();
  const [ownerError, setOwnerError] = createSignal<string>();
  const [compareId, setCompareId] = createSignal<string | null>(null);
  const [announcement, setAnnouncement] = createSignal('');

  const commit = (next: LiveRoomState) => setState(reconcile(next, { key: 'id', merge: true }));

  const heal = async () => {
    try {
      const [fresh, steps] = await Promise.all([
        api.rooms.get(roomId),
        api.steps.list(roomId, { limit: 50 }),
      ]);
      commit(healLiveRoom(unwrap(state), fresh, steps));
    } catch {
      // The stream will retry; a failed heal leaves the last known state on screen.
    }
  };

  const onEvent = (event: RoomEvent) => {
    commit(applyRoomEvent(unwrap(state), event));
    if (event.name === 'step.committed' || event.name === 'step.failed') {
      auth.refresh();
      void heal();
      if (event.name === 'step.committed' && event.data.step.userId === me().id) setPrompt('');
    }
  };

  onMount(() => {
    const unsubscribe = subscribeRoomEvents(roomId, {
      onEvent,
      onConnection: (next) => {
        // A reconnect may have missed events the server no longer keeps: refetch the truth.
        if (next === 'open' && connection() === 'reconnecting') void heal();
        setConnection(next);
      },
    });
    onCleanup(unsubscribe);
  });

  const myTurn = () => isMyTurn(room(), me().id);
  const allowed = createMemo(() => (myTurn() ? allowedDirections(room()) : []));
  const ghosts = createMemo<Ghost[]>(() =>
    allowed().map((d) => ({ direction: d, rect: planStep(room().canvas, d).newRegion })),
  );
  const cost = () => {
    const d = direction();
    return d ? estimateStepCost(room().canvas, d) : null;
  };
  const hidden = () => isFoldedAndHidden(room());
  const isOwner = () => room().ownerId === me().id || me().role === 'admin';

  // A new turn: forget the previous pick; pre-select the only option (folded rooms).
  createEffect(
    on(
      () => [room().turn.nonce, myTurn()] as const,
      ([, mine]) => {
        const only = allowed().length === 1 ? allowed()[0]! : null;
        setDirection(mine ? only : null);
        setSubmitError(undefined);
        if (mine) setAnnouncement('It is your turn.');
      },
    ),
  );

  const submit = async (override?: { direction: Direction; prompt: string }) => {
    const d = override?.direction ?? direction();
    const text = (override?.prompt ?? prompt()).trim();
    if (!d || !text) return;
    const input = { direction: d, prompt: text, turnNonce: room().turn.nonce };
    const key = keys.keyFor(roomId, input);
    setBusy(true);
    setSubmitError(undefined);
    try {
      const { step } = await api.steps.submit(roomId, input, key);
      keys.settle();
      // The stream usually says this first; applying it again is harmless (same step id).
      if (step.status === 'running')
        commit(applyRoomEvent(unwrap(state), { name: 'step.started', data: { step } }));
      auth.refresh();
    } catch (err) {
      // No answer (or a 5xx) means the server may have accepted it: keep the key so a retry
      // is recognised as the same move. Any real answer ends the attempt.
      const retrySafe = isApiError(err) && (err.isNetwork || err.status >= 500);
      if (!retrySafe) keys.settle();
      setSubmitError({ message: describeError(err), retrySafe });
      if (isApiError(err, 'STALE_TURN') || isApiError(err, 'ROOM_BUSY')) void heal();
    } finally {
      setBusy(false);
    }
  };

  /**
   * Retry after a failed step: a new attempt for the same turn (a fresh idempotency key,
   * since the last one was settled). It sends what the form holds now, so the player may
   * reword first; an emptied form falls back to the failed move.
   */
  const retryFailed = (failed: StepDto) => {
    const text = prompt().trim() || failed.prompt;
    const d = direction() ?? failed.direction;
    batch(() => {
      setDirection(d);
      setPrompt(text);
    });
    void submit({ direction: d, prompt: text });
  };

  // Keep the failed move in the form, so Retry (or an edit first) starts from it.
  createEffect(
    on(
      () => state.lastFailure?.id,
      () => {
        const failed = state.lastFailure;
        if (!failed || failed.userId !== me().id) return;
        batch(() => {
          if (!prompt().trim()) setPrompt(failed.prompt);
          if (!direction()) setDirection(failed.direction);
        });
      },
    ),
  );

  const ownerAction = async (action: () => Promise<RoomDto>) => {
    setOwnerError(undefined);
    try {
      const updated = await action();
      commit({ ...unwrap(state), room: updated });
    } catch (err) {
      setOwnerError(describeError(err));
      void heal();
    }
  };

  const selectedStep = () => state.steps.find((s) => s.id === compareId());
  const activeWho = () => {
    const step = room().activeStep;
    const id = step?.userId ?? room().turn.userId;
    return id === me().id ? 'You are' : `${memberName(room(), id)} is`;
  };
  const myFailure = () => {
    const failed = state.lastFailure;
    return failed && failed.userId === me().id && myTurn() ? failed : null;
  };
  const othersFailure = () => {
    const failed = state.lastFailure;
    return failed && failed.userId !== me().id && !room().activeStep ? failed : null;
  };

  return (
    <section class="page room" aria-labelledby="room-title">
      <div class="sr-only" role="status" aria-live="polite">
        {announcement()}
      </div>
      <header class="room-header">
        <div>
          <h1 id="room-title">{room().name}</h1>
          <p class="room-meta">
            <span class="badge" data-testid="room-status">
              {room().status === 'finished' ? 'finished' : 'open'}
            </span>{' '}
            {room().mode === 'folded'
              ? `folded ${formatDirection(room().direction ?? 'right')}`
              : 'open canvas'}{' '}
            · {room().canvas.width} × {room().canvas.height} px · turn {room().turn.number}
            <Show when={connection() === 'reconnecting'}>
              <span class="badge badge-warn"> reconnecting…</span>
            </Show>
          </p>
        </div>
        <a
          class="button secondary"
          href={apiUrls.canvasPng(roomId)}
          download={`${room().name.replace(/[^\w-]+/g, '_') || 'canvas'}.png`}
          data-testid="download"
        >
          Download PNG
        </a>
      </header>

      <div class="room-layout">
        <div class="room-canvas">
          <Show when={hidden()}>
            <p class="notice">Folded room: you see only the last strip until the room is finished.</p>
          </Show>
          <CanvasViewer
            roomId={roomId}
            version={room().canvas.version}
            visible={visibleRect(room())}
            nativeTopLevel={hidden() ? 0 : undefined}
            ghosts={ghosts()}
            selected={direction()}
            onPick={(d) => setDirection(d)}
            label={`Canvas of ${room().name}, ${room().canvas.width} by ${room().canvas.height} pixels`}
          />
          <Show when={state.progress}>
            {(progress) => <ProgressBanner progress={progress()} who={activeWho()} />}
          </Show>
        </div>

        <aside class="room-side">
          <Show when={myFailure()}>
            {(failed) => (
              <div class="status error" role="alert" data-testid="step-failed">
                <p>
                  Your move failed: {failed().error?.message ?? 'unknown error'}{' '}
                  <code>{failed().error?.code}</code>. Your credits were refunded.
                </p>
                <button type="button" onClick={() => retryFailed(failed())} disabled={busy()}>
                  Retry
                </button>
              </div>
            )}
          </Show>
          <Show when={othersFailure()}>
            {(failed) => (
              <p class="status" role="status">
                {memberName(room(), failed().userId)}'s move failed (
                {failed().error?.message ?? 'unknown error'}).
              </p>
            )}
          </Show>
          <Show when={submitError()?.retrySafe}>
            <div class="status error" role="alert">
              <p>{submitError()?.message} Retrying sends the same move; you will not be charged twice.</p>
              <button type="button" onClick={() => submit()} disabled={busy()}>
                Retry
              </button>
            </div>
          </Show>

          <Show
            when={myTurn()}
            fallback={
              <p class="waiting" data-testid="turn-status">
                <Show
                  when={room().status === 'open'}
                  fallback="This room is finished. The whole canvas is revealed."
                >
                  <Show when={!room().activeStep} fallback={`${activeWho()} painting…`}>
                    Waiting for {memberName(room(), room().turn.userId)}.
                  </Show>
                </Show>
              </p>
            }
          >
            <TurnPanel
              allowed={allowed()}
              selected={direction()}
              onSelect={setDirection}
              prompt={prompt()}
              onPrompt={setPrompt}
              cost={cost()}
              credits={me().credits}
              busy={busy()}
              error={submitError()?.retrySafe ? undefined : submitError()?.message}
              onSubmit={() => submit()}
            />
          </Show>

          <h2>Players</h2>
          <SeatsList
            room={room()}
            meId={me().id}
            onRemove={
              isOwner() && room().status === 'open'
                ? (userId) => {
                    if (confirm(`Remove ${memberName(room(), userId)} from the room?`)) {
                      void ownerAction(() => api.rooms.removeMember(roomId, userId));
                    }
                  }
                : undefined
            }
          />
          <Show when={room().status === 'open'}>
            <InviteLink code={room().inviteCode} />
          </Show>

          <Show when={isOwner() && room().status === 'open'}>
            <div class="owner-controls">
              <h2>Owner</h2>
              <button
                type="button"
                class="secondary"
                disabled={room().activeStep !== null}
                onClick={() => ownerAction(() => api.rooms.skipTurn(roomId, room().turn.nonce))}
              >
                Skip {memberName(room(), room().turn.userId)}'s turn
              </button>
              <button
                type="button"
                class="secondary danger"
                onClick={() => {
                  if (confirm('Finish the room? Nobody can add to it afterwards.')) {
                    void ownerAction(() => api.rooms.finish(roomId));
                  }
                }}
              >
                Finish room
              </button>
              <Show when={ownerError()}>
                <p class="form-error" role="alert">
                  {ownerError()}
                </p>
              </Show>
            </div>
          </Show>

          <h2>History</h2>
          <Show when={selectedStep()}>
            {(step) => (
              <CompareView
                roomId={roomId}
                before={step().before}
                after={step().after!}
                label={`step #${step().number} by ${memberName(room(), step().userId)}`}
              />
            )}
          </Show>
          <Timeline
            room={room()}
            steps={state.steps}
            selectedId={compareId()}
            onSelect={
              hidden() ? undefined : (step) => setCompareId((id) => (id === step.id ? null : step.id))
            }
          />
          <p>
            <A href="/">← All rooms</A>
          </p>
        </aside>
      </div>
    </section>
  );
}

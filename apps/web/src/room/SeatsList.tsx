import { For, Show } from 'solid-js';
import type { RoomDto } from '../api/contract.js';

export interface SeatsListProps {
  room: Pick<RoomDto, 'members' | 'turn' | 'ownerId' | 'status'>;
  meId: string;
  /** Present only for the owner (or an admin): offers "Remove" next to the other players. */
  onRemove?: ((userId: string) => void) | undefined;
}

/** Players in seat order; the one whose turn it is is marked, for sight and for screen readers. */
export function SeatsList(props: SeatsListProps) {
  const seats = () => [...props.room.members].sort((a, b) => a.seat - b.seat);
  return (
    <ol class="seats" aria-label="Players in turn order">
      <For each={seats()}>
        {(member) => {
          const current = () => props.room.status === 'open' && member.userId === props.room.turn.userId;
          return (
            <li class="seat" classList={{ current: current() }} aria-current={current() ? 'step' : undefined}>
              <span class="seat-number">{member.seat + 1}</span>
              <span class="seat-name">
                {member.displayName}
                <Show when={member.userId === props.meId}> (you)</Show>
              </span>
              <Show when={member.userId === props.room.ownerId}>
                <span class="badge">owner</span>
              </Show>
              <Show when={current()}>
                <span class="badge badge-turn">playing</span>
              </Show>
              <Show
                when={props.onRemove && member.userId !== props.meId && member.userId !== props.room.ownerId}
              >
                <button
                  type="button"
                  class="link-button danger"
                  onClick={() => props.onRemove?.(member.userId)}
                  aria-label={`Remove ${member.displayName}`}
                >
                  Remove
                </button>
              </Show>
            </li>
          );
        }}
      </For>
    </ol>
  );
}

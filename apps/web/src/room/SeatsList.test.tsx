import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { aRoom } from '../test/fixtures.js';
import { SeatsList } from './SeatsList.jsx';

const room = aRoom({
  members: [
    { userId: 'u-cy', displayName: 'Cy', seat: 2 },
    { userId: 'u-ada', displayName: 'Ada', seat: 0 },
    { userId: 'u-bob', displayName: 'Bob', seat: 1 },
  ],
  turn: { number: 2, seat: 1, userId: 'u-bob', nonce: 'n-2' },
});

describe('<SeatsList>', () => {
  it('lists players in seat order and marks the one whose turn it is', () => {
    render(() => <SeatsList room={room} meId="u-ada" />);
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.seat-name')?.textContent)).toEqual([
      'Ada (you)',
      'Bob',
      'Cy',
    ]);
    expect(items.map((li) => li.getAttribute('aria-current'))).toEqual([null, 'step', null]);
    expect(items[1]?.classList.contains('current')).toBe(true);
  });

  it('marks nobody once the room is finished', () => {
    render(() => <SeatsList room={{ ...room, status: 'finished' }} meId="u-ada" />);
    expect(screen.getAllByRole('listitem').some((li) => li.getAttribute('aria-current'))).toBe(false);
  });

  it('lets the owner remove other players, never themselves', () => {
    const onRemove = vi.fn();
    render(() => <SeatsList room={room} meId="u-ada" onRemove={onRemove} />);
    expect(screen.queryByRole('button', { name: 'Remove Ada' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Cy' }));
    expect(onRemove).toHaveBeenCalledWith('u-cy');
  });
});

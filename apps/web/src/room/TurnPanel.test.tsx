import type { Direction } from '@exquisite/geometry';
import { fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { directionForKey, TurnPanel } from './TurnPanel.jsx';

describe('directionForKey', () => {
  it('maps arrows to their direction only when that side is allowed', () => {
    expect(directionForKey('ArrowUp', ['up', 'right'])).toBe('up');
    expect(directionForKey('ArrowLeft', ['up', 'right'])).toBeUndefined();
    expect(directionForKey('Enter', ['up'])).toBeUndefined();
  });
});

describe('<TurnPanel>', () => {
  function setup(credits = 25) {
    const onSubmit = vi.fn();
    const [selected, setSelected] = createSignal<Direction | null>(null);
    const [prompt, setPrompt] = createSignal('');
    render(() => (
      <TurnPanel
        allowed={['right', 'down']}
        selected={selected()}
        onSelect={setSelected}
        prompt={prompt()}
        onPrompt={setPrompt}
        cost={selected() === 'down' ? 3 : selected() ? 1 : null}
        credits={credits}
        busy={false}
        onSubmit={onSubmit}
      />
    ));
    return { onSubmit, selected };
  }

  it('picks a side with the arrow keys, shows its cost, counts the prompt and submits', () => {
    const { onSubmit, selected } = setup();
    const submit = screen.getByRole('button', { name: 'Paint it' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.keyDown(screen.getByLabelText('→ right'), { key: 'ArrowDown' });
    expect(selected()).toBe('down');
    expect((screen.getByLabelText('↓ down') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('step-cost').textContent).toBe('Costs 3 credits · you have 25');
    fireEvent.input(screen.getByLabelText('What happens next?'), { target: { value: ' a red boat ' } });
    expect(screen.getByText('10 / 1000')).toBeTruthy();
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    expect(onSubmit).toHaveBeenCalledOnce();
  });

  it('ignores arrows for sides that are not allowed', () => {
    const { selected } = setup();
    fireEvent.keyDown(screen.getByLabelText('→ right'), { key: 'ArrowUp' });
    expect(selected()).toBeNull();
  });

  it('blocks a move the player cannot afford', () => {
    setup(2);
    fireEvent.click(screen.getByLabelText('↓ down'));
    fireEvent.input(screen.getByLabelText('What happens next?'), { target: { value: 'a red boat' } });
    expect(screen.getByText('Not enough credits for this side.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Paint it' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { CreateRoomInput } from '../api/client.js';
import { aRoom } from '../test/fixtures.js';
import { CreateRoomForm } from './CreateRoomForm.jsx';
import { MAX_UPLOAD_BYTES } from './create-room.js';

function setup() {
  const create = vi.fn(async (_input: CreateRoomInput) => aRoom({ id: 'r-new' }));
  const onCreated = vi.fn();
  render(() => <CreateRoomForm create={create} onCreated={onCreated} />);
  return { create, onCreated };
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Create room' }));

describe('<CreateRoomForm>', () => {
  it('refuses to submit without a name, and says why next to the field', async () => {
    const { create } = setup();
    submit();
    const name = screen.getByLabelText('Room name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Give the room a name.')).toBeTruthy();
    expect(create).not.toHaveBeenCalled();
  });

  it('rejects an image over 10 MiB before uploading it', async () => {
    const { create } = setup();
    fireEvent.input(screen.getByLabelText('Room name'), { target: { value: 'Dunes' } });
    fireEvent.click(screen.getByLabelText('An image of mine'));
    const big = new File([new Uint8Array(MAX_UPLOAD_BYTES + 1)], 'big.png', { type: 'image/png' });
    const input = screen.getByLabelText(/Image \(PNG, JPEG or WebP/) as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [big] });
    fireEvent.change(input);
    expect(await screen.findByText(/limit is 10\.0 MiB/)).toBeTruthy();
    submit();
    expect(create).not.toHaveBeenCalled();
  });

  it('rejects a file type the server does not take', async () => {
    setup();
    fireEvent.click(screen.getByLabelText('An image of mine'));
    const gif = new File([new Uint8Array(10)], 'a.gif', { type: 'image/gif' });
    const input = screen.getByLabelText(/Image \(PNG, JPEG or WebP/) as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [gif] });
    fireEvent.change(input);
    expect(await screen.findByText('Use a PNG, JPEG or WebP image.')).toBeTruthy();
  });

  it('sends a folded room with its direction and max turns', async () => {
    const { create, onCreated } = setup();
    fireEvent.input(screen.getByLabelText('Room name'), { target: { value: '  Dunes ' } });
    fireEvent.click(screen.getByLabelText(/^Folded/));
    fireEvent.change(screen.getByLabelText('Folded direction'), { target: { value: 'up' } });
    fireEvent.input(screen.getByLabelText('Max turns (optional)'), { target: { value: '6' } });
    submit();
    await waitFor(() => expect(onCreated).toHaveBeenCalledOnce());
    expect(create).toHaveBeenCalledWith({ name: 'Dunes', mode: 'folded', direction: 'up', maxTurns: 6 });
    expect(onCreated.mock.calls[0]?.[0].id).toBe('r-new');
  });

  it('defaults to the steadiest colour matching (hybrid, sends nothing); faster sends histogram', async () => {
    const { create } = setup();
    fireEvent.input(screen.getByLabelText('Room name'), { target: { value: 'Dunes' } });
    const select = screen.getByLabelText('Colour matching') as HTMLSelectElement;
    expect(select.value).toBe('hybrid');
    expect([...select.options].map((o) => [o.value, o.text])).toEqual([
      ['hybrid', 'steadiest (hybrid, default)'],
      ['histogram', 'faster (histogram)'],
    ]);
    submit();
    await waitFor(() => expect(create).toHaveBeenCalledOnce());
    expect(create.mock.calls[0]?.[0]).toEqual({ name: 'Dunes', mode: 'open' });
    fireEvent.change(select, { target: { value: 'histogram' } });
    submit();
    await waitFor(() => expect(create).toHaveBeenCalledTimes(2));
    expect(create.mock.calls[1]?.[0]).toEqual({ name: 'Dunes', mode: 'open', colorTransfer: 'histogram' });
  });

  it('keeps headroom for the model on by default, and sends referenceHeadroom: false only when unchecked', async () => {
    const { create } = setup();
    fireEvent.input(screen.getByLabelText('Room name'), { target: { value: 'Dunes' } });
    const headroom = screen.getByLabelText(
      'Headroom for the model (steadier colours over many steps)',
    ) as HTMLInputElement;
    expect(headroom.checked).toBe(true);
    submit();
    await waitFor(() => expect(create).toHaveBeenCalledOnce());
    expect(create.mock.calls[0]?.[0]).toEqual({ name: 'Dunes', mode: 'open' });
    fireEvent.click(headroom);
    expect(headroom.checked).toBe(false);
    submit();
    await waitFor(() => expect(create).toHaveBeenCalledTimes(2));
    expect(create.mock.calls[1]?.[0]).toEqual({ name: 'Dunes', mode: 'open', referenceHeadroom: false });
  });

  it('shows the server refusal plainly', async () => {
    const create = vi.fn(async () => {
      throw new Error('You need 1 more credit.');
    });
    render(() => <CreateRoomForm create={create} onCreated={() => {}} />);
    fireEvent.input(screen.getByLabelText('Room name'), { target: { value: 'Dunes' } });
    fireEvent.click(screen.getByLabelText(/^A prompt/));
    fireEvent.input(screen.getByLabelText('Starting prompt'), { target: { value: 'a desert at dawn' } });
    submit();
    expect((await screen.findByRole('alert')).textContent).toBe('You need 1 more credit.');
    expect(create).toHaveBeenCalledWith({ name: 'Dunes', mode: 'open', prompt: 'a desert at dawn' });
  });
});

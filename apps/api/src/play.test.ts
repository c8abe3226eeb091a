import { getBalance, getStep, type Room } from '@exquisite/store';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedIn } from './testing/harness.js';
import { realPipeline } from './testing/pipeline.js';
import { snapshot } from './testing/snapshot.js';
import { sseReader } from './testing/sse.js';

/** A whole game through the API with the real pipeline (mock generator, fs blobs). */
describe('playing a room', () => {
  let h: Harness;
  let owner: SignedIn;
  let guest: SignedIn;
  let room: { id: string; inviteCode: string; turn: Room['turn'] };

  const createRoom = (who: SignedIn, fields: Record<string, string>, image?: Uint8Array) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (image) form.append('image', new Blob([image], { type: 'image/png' }), 'start.png');
    return who.client.send('POST', '/api/rooms', { body: form });
  };
  const submit = (who: SignedIn, roomId: string, body: object, key: string = crypto.randomUUID()) =>
    who.client.post(`/api/rooms/${roomId}/steps`, body, { headers: { 'Idempotency-Key': key } });

  beforeAll(async () => {
    h = await createHarness({ pipeline: realPipeline });
    owner = await h.player('Owner');
    guest = await h.player('Guest');
  });
  afterAll(() => h.close());

  it('creates a room from an uploaded image: 201, 1024² canvas at version 0', async () => {
    const upload = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a6' } })
      .png()
      .toBuffer();
    const res = await createRoom(owner, { name: 'Meadow' }, new Uint8Array(upload));
    expect(res.status).toBe(201);
    expect(res.data.room).toMatchObject({ name: 'Meadow', ownerId: owner.id, mode: 'open', status: 'open' });
    expect(res.data.room.canvas).toMatchObject({ width: 1024, height: 1024, version: 0 });
    room = res.data.room;
    expect((await guest.client.post('/api/rooms/join', { inviteCode: room.inviteCode })).status).toBe(200);
  });

  it('new rooms get the hybrid colour transfer unless the owner chooses one (histogram is selectable)', async () => {
    const byDefault = await createRoom(owner, { name: 'Default seams' });
    expect(byDefault.status).toBe(201);
    expect(byDefault.data.room.settings.colorTransfer).toBe('hybrid');
    const readDefault = await owner.client.get(`/api/rooms/${byDefault.data.room.id}`);
    expect(readDefault.data.room.settings.colorTransfer).toBe('hybrid');
    const chosen = await createRoom(owner, { name: 'Histogram seams', colorTransfer: 'histogram' });
    expect(chosen.status).toBe(201);
    expect(chosen.data.room.settings.colorTransfer).toBe('histogram');
    const read = await owner.client.get(`/api/rooms/${chosen.data.room.id}`);
    expect(read.data.room.settings.colorTransfer).toBe('histogram');
  });

  it('new rooms send the model headroom unless the owner turns it off (referenceHeadroom=false)', async () => {
    const byDefault = await createRoom(owner, { name: 'Headroom by default' });
    expect(byDefault.status).toBe(201);
    expect(byDefault.data.room.settings.referenceHeadroom).toBe(true);
    const off = await createRoom(owner, { name: 'No headroom', referenceHeadroom: 'false' });
    expect(off.status).toBe(201);
    expect(off.data.room.settings).toMatchObject({ referenceHeadroom: false, colorTransfer: 'hybrid' });
    const read = await owner.client.get(`/api/rooms/${off.data.room.id}`);
    expect(read.data.room.settings.referenceHeadroom).toBe(false);
    const on = await createRoom(owner, { name: 'Headroom asked for', referenceHeadroom: 'true' });
    expect(on.data.room.settings.referenceHeadroom).toBe(true);
  });

  it('refuses a referenceHeadroom that is not true/false (400 VALIDATION), creating nothing', async () => {
    const before = await owner.client.get('/api/rooms');
    const res = await createRoom(owner, { name: 'Maybe headroom', referenceHeadroom: 'yes' });
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe('VALIDATION');
    expect(res.data.error.issues.map((i: { path: string }) => i.path)).toEqual(['referenceHeadroom']);
    const after = await owner.client.get('/api/rooms');
    expect(after.data.rooms).toHaveLength(before.data.rooms.length);
  });

  it('refuses non-images (415), truncated PNGs (415) and 20 000² PNGs (413) with nothing stored', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const huge = await sharp({
      create: { width: 20_000, height: 20_000, channels: 3, background: '#000' },
      limitInputPixels: false,
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const cases: Array<[string, Uint8Array, number, string]> = [
      ['text file', new TextEncoder().encode('just text, not an image'), 415, 'UNSUPPORTED_IMAGE'],
      ['truncated PNG', new Uint8Array(png.subarray(0, 40)), 415, 'UNSUPPORTED_IMAGE'],
      ['20 000 × 20 000 PNG', new Uint8Array(huge), 413, 'TOO_LARGE'],
    ];
    for (const [name, bytes, status, code] of cases) {
      const before = await snapshot(h.database);
      const res = await createRoom(owner, { name }, bytes);
      expect(res.status, name).toBe(status);
      expect(res.data.error.code, name).toBe(code);
      expect(await snapshot(h.database)).toEqual(before);
    }
  });

  it('plays a step: 202 at once, live events to the end, the turn passes, the canvas grows', async () => {
    const events = sseReader(
      await h.app.request(`http://localhost/api/rooms/${room.id}/events`, {
        headers: { Cookie: guest.client.cookie ?? '' },
      }),
    );
    const balanceBefore = await getBalance(h.database.db, owner.id);
    const key = crypto.randomUUID();
    const body = { direction: 'right', prompt: '  a lighthouse on the cliff  ', turnNonce: room.turn.nonce };
    const accepted = await submit(owner, room.id, body, key);
    expect(accepted.status).toBe(202);
    const step = accepted.data.step;
    expect(step).toMatchObject({
      roomId: room.id,
      userId: owner.id,
      direction: 'right',
      prompt: 'a lighthouse on the cliff',
    });
    expect(['running', 'committed']).toContain(step.status);

    const seen = await events.until('step.committed');
    expect(seen.map((e) => e.event)).toContain('step.started');
    const committed = seen.at(-1)!.data as {
      step: { status: string; after: { width: number } };
      canvas: { width: number };
    };
    expect(committed.step.status).toBe('committed');
    expect(committed.canvas.width).toBe(1536);
    const updated = await events.until('room.updated');
    const after = (updated.at(-1)!.data as { room: Room }).room;
    expect(after.turn.userId).toBe(guest.id);
    await events.close();

    expect(await getBalance(h.database.db, owner.id)).toBe((balanceBefore ?? 0) - step.cost);

    // The same key and body replay the same step with no second debit; another body is refused.
    const replay = await submit(owner, room.id, body, key);
    expect(replay.status).toBe(200);
    expect(replay.data.step.id).toBe(step.id);
    expect(await getBalance(h.database.db, owner.id)).toBe((balanceBefore ?? 0) - step.cost);
    const mismatch = await submit(owner, room.id, { ...body, prompt: 'something else' }, key);
    expect(mismatch.status).toBe(422);
    expect(mismatch.data.error.code).toBe('IDEMPOTENCY_MISMATCH');

    // Old turn nonce and wrong player are refused.
    const stale = await submit(guest, room.id, body);
    expect(stale.status).toBe(409);
    expect(stale.data.error.code).toBe('STALE_TURN');
    const notMine = await submit(owner, room.id, { ...body, turnNonce: after.turn.nonce });
    expect(notMine.status).toBe(403);
    expect(notMine.data.error.code).toBe('NOT_YOUR_TURN');
    room = { ...room, turn: after.turn };
  });

  it('reads the canvas, tiles with ETag/304/immutable, the PNG export, and the history', async () => {
    const canvas = await guest.client.get(`/api/rooms/${room.id}/canvas`);
    expect(canvas.status).toBe(200);
    expect(canvas.data).toMatchObject({ width: 1536, height: 1024, version: 1, cellPx: 512 });
    expect(canvas.data.visible).toMatchObject({ width: 1536, height: 1024 });
    const old = await guest.client.get(`/api/rooms/${room.id}/canvas?version=0`);
    expect(old.data).toMatchObject({ width: 1024, version: 0 });
    expect((await guest.client.get(`/api/rooms/${room.id}/canvas?version=99`)).status).toBe(404);

    const { x, y } = canvas.data as { x: number; y: number };
    const tilePath = `/api/rooms/${room.id}/tiles/0/${x / 512 + 2}/${y / 512}.png`;
    const head = await guest.client.get(tilePath);
    expect(head.status).toBe(200);
    expect(head.res.headers.get('Content-Type')).toBe('image/png');
    expect(head.res.headers.get('Cache-Control')).toBe('no-cache');
    const etag = head.res.headers.get('ETag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const png = await sharp(Buffer.from(await head.res.arrayBuffer())).metadata();
    expect([png.width, png.height]).toEqual([512, 512]);
    const pinned = await guest.client.get(`${tilePath}?v=1`);
    expect(pinned.res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const cached = await guest.client.get(tilePath, { headers: { 'If-None-Match': etag } });
    expect(cached.status).toBe(304);
    expect((await guest.client.get(`/api/rooms/${room.id}/tiles/0/900/900.png`)).status).toBe(404);
    // Version 0 had no third column.
    expect((await guest.client.get(`${tilePath.replace('.png', '.png?v=0')}`)).status).toBe(404);

    const exported = await guest.client.get(`/api/rooms/${room.id}/canvas.png`);
    expect(exported.status).toBe(200);
    const meta = await sharp(Buffer.from(await exported.res.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1536, 1024]);

    const history = await guest.client.get(`/api/rooms/${room.id}/steps`);
    expect(history.data.steps).toHaveLength(1);
    expect(history.data.steps[0].prompt).toBe('a lighthouse on the cliff');
    const detail = await guest.client.get(`/api/steps/${history.data.steps[0].id}`);
    expect(detail.data.step.after).toMatchObject({ width: 1536, version: 1 });
  });

  it('one running step at a time: a second submission is 409 ROOM_BUSY; an admin abort refunds it', async () => {
    const slow = await createHarness({ pipeline: realPipeline, env: { GENERATOR_MOCK_LATENCY_MS: '5000' } });
    try {
      const a = await slow.player('A');
      const admin = await slow.player('Root', { admin: true });
      const created = await a.client.send('POST', '/api/rooms', { body: formOf({ name: 'Slow' }) });
      expect(created.status).toBe(201);
      const r = created.data.room;
      const before = await getBalance(slow.database.db, a.id);
      const first = await a.client.post(
        `/api/rooms/${r.id}/steps`,
        { direction: 'down', prompt: 'rain', turnNonce: r.turn.nonce },
        { headers: { 'Idempotency-Key': crypto.randomUUID() } },
      );
      expect(first.status).toBe(202);
      const second = await a.client.post(
        `/api/rooms/${r.id}/steps`,
        { direction: 'up', prompt: 'sun', turnNonce: r.turn.nonce },
        { headers: { 'Idempotency-Key': crypto.randomUUID() } },
      );
      expect(second.status).toBe(409);
      expect(second.data.error.code).toBe('ROOM_BUSY');
      const running = await admin.client.get('/api/admin/steps?status=running');
      expect(running.data.steps.map((s: { id: string }) => s.id)).toEqual([first.data.step.id]);
      const aborted = await admin.client.post(`/api/admin/steps/${first.data.step.id}/abort`);
      expect(aborted.status).toBe(200);
      const step = await getStep(slow.database.db, first.data.step.id);
      expect(step?.status).toBe('aborted');
      expect(step?.error?.code).toBe('OPERATOR_ABORT');
      expect(await getBalance(slow.database.db, a.id)).toBe(before);
      const again = await admin.client.post(`/api/admin/steps/${first.data.step.id}/abort`);
      expect(again.status).toBe(409);
    } finally {
      await slow.close();
    }
  });
});

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

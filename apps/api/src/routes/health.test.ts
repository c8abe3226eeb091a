import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.js';

describe('health routes', () => {
  let h: Harness;
  let blobsUp = true;
  beforeAll(async () => {
    h = await createHarness({
      probeBlobs: async () => {
        if (!blobsUp) throw new Error('blob store down');
      },
    });
  });
  afterAll(() => h.close());

  it('/healthz answers while the process runs', async () => {
    const res = await h.client().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 when database and blobs answer, 503 when either does not', async () => {
    const ready = await h.client().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.data).toEqual({ status: 'ok', database: true, blobs: true });
    blobsUp = false;
    const down = await h.client().get('/readyz');
    expect(down.status).toBe(503);
    expect(down.data).toEqual({ status: 'unavailable', database: true, blobs: false });
    blobsUp = true;
  });

  it('answers unknown routes with the contract error shape', async () => {
    const res = await h.client().get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found' } });
  });

  it('tags every response with a request id', async () => {
    const res = await h.client().get('/healthz');
    expect(res.res.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness with the database gone', () => {
  it('answers 503', async () => {
    const h = await createHarness();
    await h.database.close();
    const res = await h.client().get('/readyz');
    expect(res.status).toBe(503);
    expect(res.data.database).toBe(false);
    await h.events.stop();
  });
});

import {
  createMockProvider,
  GENERATOR_ERROR_CODES,
  GeneratorError,
  type ImageProvider,
} from '@exquisite/generator';
import { encodePng } from '@exquisite/pipeline';
import { type BlobStore, createDatabase, type Db } from '@exquisite/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropConnections,
  makePlayedRoom,
  openReliabilityWorld,
  type ReliabilityWorld,
  settle,
  settleAllAndAudit,
  submitForCurrentPlayer,
} from './harness.js';

/** A blob store whose puts start failing after `okPuts` successful ones (until healed). */
function flakyBlobs(inner: BlobStore, okPuts: number) {
  let puts = 0;
  let failing = true;
  const store: BlobStore = {
    ...inner,
    kind: inner.kind,
    async put(key, bytes, options) {
      puts += 1;
      if (failing && puts > okPuts) throw Object.assign(new Error('injected: disk full'), { code: 'ENOSPC' });
      return inner.put(key, bytes, options);
    },
    get: (key) => inner.get(key),
    stream: (key) => inner.stream(key),
    head: (key) => inner.head(key),
    exists: (key) => inner.exists(key),
    delete: (key) => inner.delete(key),
    list: (prefix) => inner.list(prefix),
    ping: () => inner.ping(),
  };
  return { store, heal: () => (failing = false) };
}

/** A provider that fails every edit with `make()`. */
function failingGenerator(
  make: () => Error | Promise<Awaited<ReturnType<ImageProvider['edit']>>>,
): ImageProvider {
  const mock = createMockProvider();
  return {
    name: 'faulty',
    model: 'faulty',
    edit: async () => {
      const outcome = await make();
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    create: (req) => mock.create(req),
  };
}

describe('fault injection', () => {
  let world: ReliabilityWorld;
  beforeAll(async () => {
    world = await openReliabilityWorld();
  });
  afterAll(() => world.close());

  it.each([1, 3, 6])(
    'blob writes failing after %i puts mid-step: the step fails ARTIFACT_WRITE_ERROR and is refunded; a retry commits',
    async (okPuts) => {
      const room = await makePlayedRoom(world, 2);
      const flaky = flakyBlobs(world.blobs, okPuts);
      const broken = world.pipeline({ blobs: flaky.store });
      const submitted = await submitForCurrentPlayer(world, broken, room);
      if (!submitted.ok) throw new Error(submitted.code);
      const failed = await settle(world, submitted.stepId);
      expect(failed.status).toBe('failed');
      expect(failed.error?.code).toBe('ARTIFACT_WRITE_ERROR');

      flaky.heal();
      const retried = await submitForCurrentPlayer(world, broken, room);
      if (!retried.ok) throw new Error(retried.code);
      expect((await settle(world, retried.stepId)).status).toBe('committed');
    },
  );

  it.each(GENERATOR_ERROR_CODES)(
    'the generator failing with %s: the step fails with that code, refunded, turn unchanged',
    async (code) => {
      const room = await makePlayedRoom(world, 2);
      const pipeline = world.pipeline({
        generator: failingGenerator(() => new GeneratorError(code, `injected ${code}`)),
      });
      const submitted = await submitForCurrentPlayer(world, pipeline, room);
      if (!submitted.ok) throw new Error(submitted.code);
      const step = await settle(world, submitted.stepId);
      expect(step.status).toBe('failed');
      expect(step.error?.code).toBe(code);
    },
  );

  it('a generator answering garbage bytes or the wrong size is caught by validation', async () => {
    const garbage = failingGenerator(async () => ({
      image: new Uint8Array([1, 2, 3, 4]),
      provider: 'faulty',
      model: 'faulty',
      requestId: null,
      usage: null,
      attempts: 1,
    }));
    const small = failingGenerator(async () => ({
      image: await encodePng({ data: new Uint8Array(64 * 64 * 3), width: 64, height: 64, channels: 3 }),
      provider: 'faulty',
      model: 'faulty',
      requestId: null,
      usage: null,
      attempts: 1,
    }));
    for (const [generator, code] of [
      [garbage, 'DECODE_ERROR'],
      [small, 'DIMENSION_MISMATCH'],
    ] as const) {
      const room = await makePlayedRoom(world, 1);
      const submitted = await submitForCurrentPlayer(world, world.pipeline({ generator }), room);
      if (!submitted.ok) throw new Error(submitted.code);
      const step = await settle(world, submitted.stepId);
      expect(step.status).toBe('failed');
      expect(step.error?.code).toBe(code);
    }
  });

  /** The step's commit is the first transaction after its last blob write. */
  function commitHook(
    db: Db,
    onCommit: (run: (before?: () => Promise<unknown>) => Promise<unknown>) => Promise<unknown>,
  ) {
    let armed = false;
    let fired = false;
    const proxy = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'transaction') {
          return (fn: (tx: Db) => Promise<unknown>, config?: unknown) => {
            // `before` runs inside the transaction, after BEGIN, on its connection's turn.
            const run = (before?: () => Promise<unknown>) =>
              (target.transaction as (f: typeof fn, c?: unknown) => Promise<unknown>)(async (tx) => {
                await before?.();
                return fn(tx);
              }, config);
            if (!armed) return run();
            armed = false;
            fired = true;
            return onCommit(run);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    return { db: proxy as Db, arm: () => (armed = true), fired: () => fired };
  }

  it.each([
    ['every connection is cut inside the commit transaction', 'drop'],
    ['the commit succeeds but its acknowledgement is lost', 'lost-ack'],
    ['the commit is rolled back by a dropped connection', 'rollback'],
  ] as const)(
    'the database connection drops during commit (%s): no double charge, no lost refund, room unlocked',
    async (_label, mode) => {
      const room = await makePlayedRoom(world, 2);
      // Its own connection pool: a connection cut mid-transaction can stay poisoned in postgres.js
      // 3.4.9 (see the known-defect test below), and must not leak into the other tests.
      const own = await createDatabase({ url: world.url, maxConnections: 2 });
      const hook = commitHook(own.db, async (run) => {
        if (mode === 'drop') return run(() => dropConnections(world.url));
        if (mode === 'lost-ack') {
          await run();
          throw Object.assign(new Error('injected: connection lost after COMMIT'), {
            code: 'CONNECTION_CLOSED',
          });
        }
        throw Object.assign(new Error('injected: connection lost before COMMIT'), {
          code: 'CONNECTION_CLOSED',
        });
      });
      // Arm the hook after each generated tile: nothing between tiles and the commit is a
      // transaction (heartbeats are single statements), so the next one is the commit.
      const mock = createMockProvider();
      const generator: ImageProvider = {
        name: mock.name,
        model: mock.model,
        edit: async (req) => {
          const out = await mock.edit(req);
          hook.arm();
          return out;
        },
        create: (req) => mock.create(req),
      };
      const pipeline = world.pipeline({ db: hook.db, generator });
      const submitted = await submitForCurrentPlayer(world, pipeline, room);
      if (!submitted.ok) throw new Error(submitted.code);
      const step = await settle(world, submitted.stepId);
      expect(hook.fired()).toBe(true);
      if (mode === 'lost-ack') expect(step.status).toBe('committed');
      else expect(['failed', 'aborted']).toContain(step.status);

      await pipeline.stop(2_000);
      await Promise.race([own.close(), new Promise((resolve) => setTimeout(resolve, 2_000))]);

      // The room is usable afterwards: the next player (or the same one) steps normally.
      const next = await submitForCurrentPlayer(world, world.pipeline(), room);
      if (!next.ok) throw new Error(next.code);
      expect((await settle(world, next.stepId)).status).toBe('committed');
    },
  );

  // After a backend is terminated mid-transaction, postgres.js 3.4.9 as released threw an uncaught
  // TypeError from `nextWrite` (porsager/postgres#1154, #1208) and could leave the connection
  // unusable; patches/postgres@3.4.9.patch fixes both (docs/decisions/0006). Later steps on the
  // same pool must still settle.
  it('a connection cut mid-commit does not leave a later step on the same pool running forever', async () => {
    const own = await createDatabase({ url: world.url, maxConnections: 2 });
    try {
      const hook = commitHook(own.db, (run) => run(() => dropConnections(world.url)));
      const mock = createMockProvider();
      const generator: ImageProvider = {
        name: mock.name,
        model: mock.model,
        edit: async (req) => {
          const out = await mock.edit(req);
          hook.arm();
          return out;
        },
        create: (req) => mock.create(req),
      };
      const pipeline = world.pipeline({ db: hook.db, generator });
      const room = await makePlayedRoom(world, 1);
      const first = await submitForCurrentPlayer(world, pipeline, room);
      if (!first.ok) throw new Error(first.code);
      await settle(world, first.stepId);
      const plain = world.pipeline({ db: own.db });
      for (let i = 0; i < 3; i++) {
        const next = await submitForCurrentPlayer(world, plain, room);
        if (!next.ok) throw new Error(next.code);
        await settle(world, next.stepId, 15_000);
      }
    } finally {
      await Promise.race([own.close(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    }
  });

  it('afterwards the whole database and blob store pass the invariant audit', async () => {
    const report = await settleAllAndAudit(world);
    expect(report.violations).toEqual([]);
    expect(report.steps).toBeGreaterThan(10);
  });
});

import type { Pipeline } from '@exquisite/pipeline';
import type { Database, Engine } from '@exquisite/store';
import { openTestDatabase } from '@exquisite/store/testing';
import { createApp } from '../app.js';
import { type AppConfig, loadConfig } from '../config.js';
import { createEventBus, type EventBus } from '../events/bus.js';
import { silentLogger } from '../logger.js';
import { TestClient } from './client.js';

export interface Harness {
  app: ReturnType<typeof createApp>;
  database: Database;
  config: AppConfig;
  events: EventBus;
  client(): TestClient;
  /** Registers and signs in a fresh account; `admin` puts its email in EXQUISITE_ADMIN_EMAILS. */
  player(name?: string, options?: { admin?: boolean }): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  client: TestClient;
  id: string;
  email: string;
}

export interface HarnessOptions {
  engine?: Engine;
  env?: Record<string, string>;
  pipeline?: (database: Database, config: AppConfig, events: EventBus) => Promise<Pipeline> | Pipeline;
  probeBlobs?: () => Promise<void>;
}

let counter = 0;

/** The app on a real, migrated database (PGlite in memory or a fresh database on the run's server). */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await openTestDatabase(options.engine ?? 'pglite');
  const adminEmails = new Set<string>();
  const base = loadConfig({ ...options.env });
  // Cheap scrypt for speed in tests; the real cost is covered by the password tests.
  const config: AppConfig = { ...base, passwordLogN: 10, adminEmails };
  const events = createEventBus(database, silentLogger);
  await events.start();
  const pipeline = options.pipeline
    ? await options.pipeline(database, config, events)
    : unavailablePipeline();
  const app = createApp({
    db: database,
    pipeline,
    config,
    events,
    logger: silentLogger,
    probeBlobs: options.probeBlobs ?? (async () => {}),
  });
  const harness: Harness = {
    app,
    database,
    config,
    events,
    client: () => new TestClient(app),
    async player(name = 'Player', playerOptions = {}) {
      counter += 1;
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${counter}-${Date.now()}@example.test`;
      if (playerOptions.admin) adminEmails.add(email);
      const client = new TestClient(app);
      const res = await client.post('/api/auth/register', {
        email,
        password: 'correct horse',
        displayName: name,
      });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.data)}`);
      return { client, id: res.data.user.id as string, email };
    },
    async close() {
      await events.stop();
      await pipeline.stop(0).catch(() => {});
      await database.close();
    },
  };
  return harness;
}

/** For suites that never touch the canvas: any pipeline call is a test bug. */
function unavailablePipeline(): Pipeline {
  const fail = async (): Promise<never> => {
    throw new Error('this test harness has no pipeline');
  };
  return {
    submitStep: fail,
    abortStep: fail,
    createRoom: fail,
    readCanvas: fail,
    readTile: fail,
    exportPng: fail,
    sweep: fail,
    start: () => {},
    stop: async () => {},
  };
}

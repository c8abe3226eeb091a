import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createGenerator } from '@exquisite/generator';
import { createPipeline } from '@exquisite/pipeline';
import { createBlobStoreFromEnv, createDatabase, migrate } from '@exquisite/store';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { type Env, loadConfig } from './config.js';
import { createEventBus } from './events/bus.js';
import { createPipelineEventRelay } from './events/pipeline-events.js';
import { mountSpa } from './http/spa.js';
import { createLogger } from './logger.js';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Wires one replica: config → database (migrated) → blob store → generator → pipeline (sweeper
 * started) → event bus → HTTP. Everything shared lives in Postgres and the blob store.
 */
export async function startServer(env: Env = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const database = await createDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir}/db` },
  );
  await migrate(database, migrationsFolder(env));
  const blobs = createBlobStoreFromEnv(env, config.dataDir);
  const generator = createGenerator(config.generator);
  const events = createEventBus(database, logger);
  await events.start();
  const relay = createPipelineEventRelay(database, events, logger);
  const pipeline = createPipeline({
    db: database.db,
    blobs,
    generator,
    config: {
      tileCost: config.tileCost,
      leaseSeconds: config.stepLeaseSeconds,
      // Sweep at least once per lease so a lost replica's step is recovered soon after it lapses.
      sweepIntervalMs: Math.min(15_000, config.stepLeaseSeconds * 1000),
    },
    onEvent: relay.onEvent,
    onError: (error, context) => logger.error('pipeline background error', { context, error }),
  });
  pipeline.start();

  const app = createApp({ db: database, pipeline, config, events, logger, probeBlobs: () => blobs.ping() });
  const webRoot = fileURLToPath(new URL('../../web/dist/', import.meta.url));
  if (!mountSpa(app, webRoot)) logger.warn('web client not built; serving the API only', { webRoot });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;
  logger.info('listening', {
    url,
    database: database.engine,
    blobs: blobs.kind,
    generator: config.generator.kind,
  });

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        // Stop taking requests; open SSE streams would hold close() forever, so they are cut.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        await pipeline.stop(config.shutdownGraceMs);
        await relay.drain();
        if ('closeAllConnections' in server) server.closeAllConnections();
        await closed;
        await events.stop();
        await database.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/** The bundle carries the store's migrations next to it (tsup onSuccess); from source the store finds its own. */
function migrationsFolder(env: Env): { migrationsFolder?: string } {
  if (env.EXQ_MIGRATIONS_DIR) return { migrationsFolder: env.EXQ_MIGRATIONS_DIR };
  const bundled = fileURLToPath(new URL('./drizzle/', import.meta.url));
  return existsSync(bundled) ? { migrationsFolder: bundled } : {};
}

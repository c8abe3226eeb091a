import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGenerator } from '@exquisite/generator';
import { createPipeline } from '@exquisite/pipeline';
import { createFsBlobStore, type Database } from '@exquisite/store';
import type { AppConfig } from '../config.js';
import type { EventBus } from '../events/bus.js';
import { createPipelineEventRelay } from '../events/pipeline-events.js';
import { silentLogger } from '../logger.js';
import type { HarnessOptions } from './harness.js';

/** The real pipeline (mock generator, filesystem blobs in a temp dir), relaying its events to the bus. */
export const realPipeline: NonNullable<HarnessOptions['pipeline']> = async (
  database: Database,
  config: AppConfig,
  events: EventBus,
) => {
  const blobs = createFsBlobStore({ root: join(await mkdtemp(join(tmpdir(), 'exq-api-blobs-')), 'blobs') });
  const relay = createPipelineEventRelay(database, events, silentLogger);
  return createPipeline({
    db: database.db,
    blobs,
    generator: createGenerator(config.generator),
    config: { tileCost: config.tileCost, leaseSeconds: config.stepLeaseSeconds, sweepIntervalMs: 500 },
    onEvent: relay.onEvent,
  });
};

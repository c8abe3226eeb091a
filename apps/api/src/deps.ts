import type { Pipeline } from '@exquisite/pipeline';
import type { Database } from '@exquisite/store';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { AppConfig } from './config.js';
import type { EventBus } from './events/bus.js';
import type { Logger } from './logger.js';

/** Everything the HTTP layer talks to. The app itself holds no state another replica would need. */
export interface AppDeps {
  db: Database;
  pipeline: Pipeline;
  config: AppConfig;
  events: EventBus;
  logger: Logger;
  /** Readiness of the blob store (the API never reads blobs itself; this only pings). */
  probeBlobs: () => Promise<void>;
  /** Failed-login counter; one per process by default. */
  loginThrottle?: LoginThrottle;
  clock?: () => Date;
}

import { ConfigError } from './config.js';
import { startServer } from './server.js';

// Entry point: start one replica, stop it gracefully on SIGTERM/SIGINT.
try {
  const server = await startServer(process.env);
  console.log(`Exquisite listening on ${server.url}`);
  const shutdown = (signal: string) => {
    console.log(`${signal}: shutting down`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

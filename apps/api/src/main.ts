import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

// Bootstrap server until the full API (issue 6) lands: health probes and the built SPA.
const port = Number(process.env.PORT ?? 3000);
const webDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const app = new Hono();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.get('/readyz', (c) => c.json({ status: 'ok' }));
if (existsSync(webDist)) {
  app.use('/*', serveStatic({ root: webDist }));
}

serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  console.log(`Exquisite listening on http://localhost:${info.port}`);
});

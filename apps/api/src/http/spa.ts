import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './env.js';

/**
 * Serves the built SPA from `root`: hashed files under /assets/ are cached for a year, everything
 * else revalidates, and any other GET outside /api falls back to index.html (client-side routes).
 */
export function mountSpa(app: Hono<AppEnv>, root: string): boolean {
  if (!existsSync(join(root, 'index.html'))) return false;
  const revalidate = (_path: string, c: { header: (name: string, value: string) => void }) => {
    c.header('Cache-Control', 'no-cache');
  };
  const assets = serveStatic<AppEnv>({
    root,
    onFound: (_path, c) => {
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  const files = serveStatic<AppEnv>({ root, onFound: revalidate });
  const shell = serveStatic<AppEnv>({ root, path: 'index.html', onFound: revalidate });

  app.get('/assets/*', assets);
  app.get('*', async (c, next) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    let fallback: Response | undefined;
    const found = await files(c, async () => {
      fallback = (await shell(c, next)) ?? undefined;
    });
    return found ?? fallback ?? c.notFound();
  });
  return true;
}

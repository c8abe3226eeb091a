import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * `pnpm exquisite …` runs with the CLI package as its working directory, so a relative path
 * the operator typed is resolved against the directory they typed it in (pnpm's INIT_CWD).
 */
export function resolveUserPath(env: Env, path: string): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD ?? process.cwd(), path);
}

/**
 * The data directory the API uses on its embedded defaults. `pnpm start` runs the API from
 * `apps/api`, whose default DATA_DIR is `./.data`, so that is where the CLI looks when unset.
 */
export function resolveDataDir(env: Env): string {
  const configured = env.DATA_DIR?.trim();
  if (configured) return resolveUserPath(env, configured);
  return fileURLToPath(new URL('../../../apps/api/.data', import.meta.url));
}

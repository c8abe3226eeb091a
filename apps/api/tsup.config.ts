import { cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// The server ships as one ESM bundle: workspace packages are inlined (they export TypeScript
// source), third-party packages stay external and load from node_modules (sharp is native, PGlite
// loads its wasm beside its own module). tsup externalises what package.json lists, which is
// why the API lists its workspace packages' runtime dependencies too.
// The store's SQL migrations are copied beside the bundle, where `server.ts` looks for them.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@exquisite\//],
  onSuccess: async () => {
    await cp('../../packages/store/drizzle', 'dist/drizzle', { recursive: true });
  },
});

import { defineConfig } from 'drizzle-kit';

// Generation only (`pnpm db:generate`); migrations are applied at start-up by `migrate(db)`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
});

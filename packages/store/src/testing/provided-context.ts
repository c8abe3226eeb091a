// What the store's vitest globalSetup provides to test files (`inject('exqPostgresUrl')`).
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server; test files create their own databases on it. */
    exqPostgresUrl: string;
  }
}

export {};

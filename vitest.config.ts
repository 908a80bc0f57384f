import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // DuckDB is multi-threaded and tests open real files; forks keep native handles isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});

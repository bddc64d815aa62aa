import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // The lifetime tests measure reclaimed memory with gc().
    execArgv: ['--expose-gc'],
  },
});

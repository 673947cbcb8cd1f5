import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Each test spawns real processes; keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});

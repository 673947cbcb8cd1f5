import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Generous limits: CI is a 2-core machine, and property and process tests slow down under load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

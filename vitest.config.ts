import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { defineVitestProject } from '@nuxt/test-utils/config'

// Four kinds of tests, each with the environment it needs:
// - unit: plain Node in one process (shared code, SQL on PGlite, server utilities);
// - database: the store against a real PostgreSQL 15 that the tests start;
// - components: the Nuxt runtime in happy-dom (@nuxt/test-utils);
// - system: real processes (the built server, Chromium, nginx, Caddy, workerd, PostgreSQL).
export default defineConfig({
  test: {
    projects: [
      {
        // Nuxt's aliases, for the plain functions of composables/ that unit tests import.
        resolve: { alias: { '~~': fileURLToPath(new URL('.', import.meta.url)) } },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'database',
          include: ['tests/database/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      await defineVitestProject({
        test: {
          name: 'components',
          include: ['tests/components/**/*.test.ts'],
          environment: 'nuxt',
          environmentOptions: { nuxt: { domEnvironment: 'happy-dom' } },
        },
      }),
      {
        test: {
          name: 'system',
          include: ['tests/e2e/**/*.test.ts', 'tests/fronts/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // Each file starts its own processes; two cores do not gain from running them at once.
          fileParallelism: false,
        },
      },
    ],
  },
})

import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'utils/**/*.test.ts', 'components/**/*.test.tsx'],
          environment: 'node',
          setupFiles: ['test/support/unit-setup.ts'],
          // 5 s by default: a few tests parse recorded pages many times (binary searches over prefixes) and took
          // over 5 s on a loaded 2-core machine. A timeout is not an assertion: no test measures its own time.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          pool: 'forks',
          // expect.poll waits 1 s by default: too little for a UI that waits on a service worker on a loaded
          // 2-core CI machine. A poll still passes as soon as its condition holds.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});

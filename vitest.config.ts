import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    env: { QUNZHU_LOG: 'silent' },
    // electron-store imports 'electron' itself: inlined, the shell tests' stand-in for Electron reaches it too.
    server: { deps: { inline: ['electron-store'] } },
  },
});

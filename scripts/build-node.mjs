// Bundles the Node side (Electron shell, preload, CLI) into dist/node as CommonJS.
// better-sqlite3 stays external (native addon); electron is provided by the runtime.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  // import.meta.url is only read when running from the TypeScript sources, never in the bundle.
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'],
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/node/shell.cjs' }),
  build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/node/preload.cjs', sourcemap: false }),
  build({ ...common, entryPoints: ['electron/cli/qunzhu.ts'], outfile: 'dist/node/cli.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/import.worker.ts'], outfile: 'dist/node/import-worker.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/roster.worker.ts'], outfile: 'dist/node/roster-worker.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/tag-preview.worker.ts'], outfile: 'dist/node/tag-preview-worker.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/live-ingest.worker.ts'], outfile: 'dist/node/live-ingest-worker.cjs' }),
]);

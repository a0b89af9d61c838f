// Bundles the Node side (Electron shell, preload, CLI) into dist/node as CommonJS.
// better-sqlite3 stays external (native addon); electron is provided by the runtime.
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';

const common = { ...nodeBundle, sourcemap: 'linked', logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/node/shell.cjs' }),
  build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/node/preload.cjs', sourcemap: false }),
  build({ ...common, entryPoints: ['electron/cli/qunzhu.ts'], outfile: 'dist/node/cli.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/import.worker.ts'], outfile: 'dist/node/import-worker.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/roster.worker.ts'], outfile: 'dist/node/roster-worker.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/tag-preview.worker.ts'], outfile: 'dist/node/tag-preview-worker.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/live-ingest.worker.ts'], outfile: 'dist/node/live-ingest-worker.cjs' }),
  build({ ...common, entryPoints: ['electron/core/jobs/db-check.worker.ts'], outfile: 'dist/node/db-check-worker.cjs' }),
]);

// How every Node-side bundle is built (the app's, and the children that crash tests start):
// CommonJS for Node 20, with better-sqlite3 external (native addon) and electron from the runtime.
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // import.meta.url is only read when running from the TypeScript sources, never in the bundle.
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'],
};

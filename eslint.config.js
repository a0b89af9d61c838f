import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import qunzhu from './eslint-rules/qunzhu.js';

// Files whose SQL has not yet moved into their area's *.repo.ts (issue #15). The list only shrinks.
const SQL_NOT_YET_IN_REPOS = [
];

const electronImportBan = {
  paths: [
    {
      name: 'electron',
      message: "Only electron/shell and electron/preload may import 'electron': the core, bridge, CLI, shared contract and renderer must run without the Electron binary.",
      allowTypeImports: true,
    },
  ],
};

export default tseslint.config(
  { ignores: ['.scratch/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'no-restricted-imports': ['error', electronImportBan],
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The two classic hook rules only: hooks called in the same order on every render, and effects
    // that see every value they read. The plugin's React Compiler rules (its recommended set) judge
    // code written for the compiler, which this app does not use.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The only places that may load Electron at run time.
    files: ['electron/shell/**/*.ts', 'electron/preload/**/*.ts', 'tests/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The core's walls: SQL only in repositories and db/; an area reached only through its index.ts.
    files: ['electron/**/*.ts'],
    plugins: { qunzhu },
    rules: { 'qunzhu/sql-only-in-repos': 'error', 'qunzhu/area-boundaries': 'error' },
  },
  {
    files: ['electron/**/*.repo.ts', 'electron/core/db/**/*.ts', ...SQL_NOT_YET_IN_REPOS],
    rules: { 'qunzhu/sql-only-in-repos': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { qunzhu },
    rules: { 'qunzhu/import-walls': ['error', { forbid: ['electron'], why: 'the renderer talks to the core only through the contract in shared/ and its typed client.' }] },
  },
  {
    files: ['shared/**/*.ts'],
    plugins: { qunzhu },
    rules: {
      'qunzhu/import-walls': ['error', { forbid: ['electron', 'renderer'], nodeBuiltins: false, why: 'the contract is imported by the core and the renderer alike, so it runs in both (zod only).' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

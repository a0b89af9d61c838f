import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    // The only places that may load Electron at run time.
    files: ['electron/shell/**/*.ts', 'electron/preload/**/*.ts', 'tests/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

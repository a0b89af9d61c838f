import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });
const ruleIds = async (file: string, code: string) => (await eslint.lintText(code, { filePath: file }))[0]!.messages.map((m) => m.ruleId);

describe('the electron import ban', () => {
  const code = "import { app } from 'electron';\nexport const x = app;\n";
  it.each(['electron/core/x.ts', 'electron/bridge/x.ts', 'electron/cli/x.ts', 'shared/x.ts', 'renderer/x.tsx'])('fails in %s', async (file) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });
  it.each(['electron/shell/x.ts', 'electron/preload/x.ts'])('allows %s', async (file) => {
    expect(await ruleIds(file, code)).not.toContain('no-restricted-imports');
  });
  it('also catches require()', async () => {
    expect(await ruleIds('electron/core/y.ts', "const e = require('electron');\nexport default e;\n")).toContain('@typescript-eslint/no-require-imports');
  });
});

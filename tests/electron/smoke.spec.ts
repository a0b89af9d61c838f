/**
 * Electron smoke test: launches the real app where the Electron binary exists (set
 * ELECTRON_OVERRIDE_DIST_PATH to use one you have). Where it does not, it is skipped and says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
// @ts-expect-error -- plain ESM helper shared with `npm start`
import { findElectron } from '../../scripts/electron-binary.mjs';
// @ts-expect-error -- plain ESM helper shared with `npm start`
import { ensureElectronSqlite } from '../../scripts/electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const found = findElectron({ cwd: root }) as { ok: true; path: string } | { ok: false; reason: string };

test('the Electron app opens its window on the console', async () => {
  if (!found.ok) {
    console.log(`Electron smoke test skipped: no Electron binary here (${found.reason}).`);
    test.skip(true, `no Electron binary: ${found.reason}`);
    return;
  }
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'qunzhu-electron-'));
  const binding = ensureElectronSqlite({ root }) as string | null;
  const app = await electron.launch({
    executablePath: found.path,
    args: [root],
    env: { ...process.env, QUNZHU_DATA_DIR: userData, ...(binding ? { QUNZHU_SQLITE_BINDING: binding } : {}) },
  });
  try {
    const win = await app.firstWindow();
    await expect(win).toHaveURL(/^app:\/\/qunzhu\//);
    await expect(win.getByText('群组').first()).toBeVisible();
    const exposed = await win.evaluate(() => Object.keys((globalThis as unknown as { qunzhu: object }).qunzhu).sort());
    expect(exposed).toEqual(['call', 'on']);
    const nodeVisible = await win.evaluate(() => typeof (globalThis as { require?: unknown }).require);
    expect(nodeVisible).toBe('undefined');
  } finally {
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});

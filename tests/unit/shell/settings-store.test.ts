/**
 * The desktop app's settings are electron-store over the same file, schema and options as browser
 * mode's conf: what one writes the other reads. Electron itself is a stand-in here (no binary).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { confSettings, SETTINGS_FILE } from '../../../electron/core/settings';
import { tmpDir } from '../../helpers/tmp';

const h = vi.hoisted(() => ({ channels: new Set<string>() }));
vi.mock('electron', () => {
  const ipcMain = {
    on: (ch: string) => void h.channels.add(ch),
    removeAllListeners: (ch: string) => void h.channels.delete(ch),
  };
  const app = { getPath: () => '/nonexistent-userdata', getVersion: () => '0.1.0' };
  return { default: { app, ipcMain, shell: {} }, app, ipcMain, shell: {} };
});

let t: ReturnType<typeof tmpDir>;
beforeEach(() => (t = tmpDir('qunzhu-estore-')));
afterEach(() => t.cleanup());

describe('electron-store settings', () => {
  it('write the file conf reads, and read the file conf writes', async () => {
    const { electronSettings } = await import('../../../electron/shell/settings-store');
    const app = electronSettings(t.dir);
    app.update({ locale: 'en', window: { width: 1280, height: 820, x: 5, y: 6, maximized: true }, lastExportDir: '/home/u/报表' });
    if (process.platform !== 'win32') expect(fs.statSync(path.join(t.dir, SETTINGS_FILE)).mode & 0o777).toBe(0o600);
    const browser = confSettings(t.dir);
    expect(browser.get()).toEqual({ locale: 'en', window: { width: 1280, height: 820, x: 5, y: 6, maximized: true }, lastExportDir: '/home/u/报表' });
    browser.update({ currentWorkspace: 'shop' });
    expect(electronSettings(t.dir).get().currentWorkspace).toBe('shop');
  });

  it('leave no IPC channel of electron-store listening (every channel we serve checks its sender)', async () => {
    const { electronSettings } = await import('../../../electron/shell/settings-store');
    electronSettings(t.dir);
    expect(h.channels.size).toBe(0);
  });

  it('set a damaged file aside like conf does', async () => {
    const { electronSettings } = await import('../../../electron/shell/settings-store');
    fs.writeFileSync(path.join(t.dir, SETTINGS_FILE), '{"locale":');
    const s = electronSettings(t.dir);
    expect(s.get()).toEqual({ locale: 'zh-CN' });
    expect(fs.readFileSync(s.recovered!.setAside, 'utf8')).toBe('{"locale":');
  });
});

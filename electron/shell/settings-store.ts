/**
 * The desktop app's settings: electron-store over `<userData>/settings.json`, opened with the
 * core's schema and options (electron/core/settings.ts), so browser mode and the CLI (conf) read
 * and write the very same file.
 */
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import { openSettings, type AppSettings, type SettingsStore } from '../core/settings';

// electron-store answers this channel for renderers that use it directly; ours never do (the
// preload exposes only call and on), and every IPC channel we listen on must check its sender.
const STORE_CHANNEL = 'electron-store-get-data';

export function electronSettings(dir: string, now?: () => number): SettingsStore {
  return openSettings(
    dir,
    ({ configName, ...options }) => {
      const store = new ElectronStore<AppSettings>({ ...options, name: configName ?? 'settings' });
      ipcMain.removeAllListeners(STORE_CHANNEL);
      return store;
    },
    now,
  );
}

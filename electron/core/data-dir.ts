import os from 'node:os';
import path from 'node:path';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives for an app
 * named "Qunzhu", so the desktop app and browser mode share workspaces.
 * QUNZHU_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.QUNZHU_DATA_DIR) return path.resolve(env.QUNZHU_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Qunzhu');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Qunzhu');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Qunzhu');
}

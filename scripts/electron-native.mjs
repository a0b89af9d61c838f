// better-sqlite3 is a native addon: node_modules holds the build for Node (tests, CLI); the
// app needs one built for Electron's ABI. This keeps that second build in
// .cache/electron-native/ (the core opens SQLite with better-sqlite3's `nativeBinding` option),
// so neither build ever overwrites the other. It runs only when the Electron binary exists.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function ensureElectronSqlite({ root }) {
  const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const sqliteVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  const cacheDir = path.join(root, '.cache', 'electron-native');
  const target = path.join(cacheDir, 'better_sqlite3.node');
  const stamp = path.join(cacheDir, 'stamp.json');
  const want = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch: process.arch });
  if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return target;

  console.log(`正在为 Electron ${electronVersion} 准备 SQLite 模块… / preparing SQLite for Electron ${electronVersion}…`);
  const work = path.join(cacheDir, 'build');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const opts = { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' };
  // A prebuilt binary for Electron first; compiling against Electron's headers otherwise.
  let r = spawnSync(npx, ['--yes', 'prebuild-install', '--runtime=electron', `--target=${electronVersion}`], opts);
  if (r.status !== 0) r = spawnSync(npx, ['--yes', 'node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], opts);
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  if (r.status !== 0 || !fs.existsSync(built)) {
    console.error('无法为 Electron 构建 SQLite 模块；应用可能无法打开数据库。/ could not build SQLite for Electron.');
    return null;
  }
  fs.copyFileSync(built, target);
  fs.writeFileSync(stamp, want);
  fs.rmSync(work, { recursive: true, force: true });
  return target;
}

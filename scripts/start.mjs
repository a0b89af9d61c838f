// `npm start`: build what is stale, then open the Electron app; where the Electron binary is
// missing (as on build machines that cannot download it), say so in one line and start
// browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findElectron } from './electron-binary.mjs';
import { ensureElectronSqlite } from './electron-native.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  if (!fs.statSync(dir).isDirectory()) return fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function stale(output, inputs) {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return inputs.some((i) => newestMtime(i) > built);
}

function npmRun(script) {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', script], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (stale('dist/renderer/index.html', ['renderer', 'shared', 'vite.config.ts'])) {
  console.log('正在构建界面… / building the interface…');
  npmRun('build:renderer');
}
if (stale('dist/node/cli.cjs', ['electron', 'shared'])) npmRun('build:node');

const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.QUNZHU_BROWSER === '1';
const electron = forceBrowser ? { ok: false, reason: 'browser mode requested' } : findElectron({ cwd: root });

if (electron.ok) {
  const binding = ensureElectronSqlite({ root });
  const env = { ...process.env };
  if (binding) env.QUNZHU_SQLITE_BINDING = binding;
  const child = spawn(electron.path, ['.'], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`未找到可用的 Electron（${electron.reason}），改用浏览器模式。/ Electron is not available (${electron.reason}); starting browser mode.`);
  const child = spawn(process.execPath, ['dist/node/cli.cjs', 'serve', '--open', ...args.filter((a) => a !== '--browser')], { stdio: 'inherit' });
  const forward = (sig) => () => child.kill(sig);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code) => process.exit(code ?? 0));
}

// Finds a runnable Electron binary without triggering a download: the `electron` package is
// asked for its path in a child process with a time limit (newer packages fetch the binary on
// first use, which hangs or fails offline), and the path must exist.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export function findElectron({ cwd = process.cwd(), timeoutMs = 15000 } = {}) {
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
  });
  if (r.error) return { ok: false, reason: r.error.code === 'ETIMEDOUT' ? 'timed out asking the electron package for its binary' : r.error.message };
  if (r.status !== 0) {
    const first = (r.stderr || '').split('\n').find((l) => /^\w*Error/.test(l.trim())) ?? (r.stderr || '').trim().split('\n')[0] ?? 'unknown error';
    return { ok: false, reason: first.trim() };
  }
  const bin = r.stdout.trim();
  if (!bin || !fs.existsSync(bin)) return { ok: false, reason: `binary not found at ${bin || '(empty path)'}` };
  return { ok: true, path: bin };
}

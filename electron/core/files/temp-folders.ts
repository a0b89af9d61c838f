/**
 * The per-process temp folders (`qunzhu-downloads-<pid>`, `qunzhu-uploads-<pid>`) are removed when
 * their process quits; a process killed with -9, a crash or a power cut leaves its folder behind,
 * with exports and uploaded chat histories (members' names and messages) in it. On start, the
 * folders of processes that no longer exist are swept away.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const STALE = /^qunzhu-(downloads|uploads)-([1-9][0-9]{0,9})$/;

/** Whether a process with this id exists: ESRCH says it does not; EPERM (another user's) says it does. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temp folders of processes that are gone; returns the folders removed. Never a live
 * process's folder (this one's included), never another user's, never through a symbolic link.
 */
export function sweepStaleTempFolders(tmp = os.tmpdir()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return [];
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const removed: string[] = [];
  for (const name of names) {
    const m = STALE.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || processExists(pid)) continue;
    const dir = path.join(tmp, name);
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || (uid !== null && st.uid !== uid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Gone meanwhile, or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}

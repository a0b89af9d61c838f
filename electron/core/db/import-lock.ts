/**
 * One import at a time per workspace file, across processes (the app's import workers, `qunzhu
 * import`, browser mode): an import holds an exclusive lock on a small SQLite file beside the
 * database for as long as it runs, and the next one waits its turn (saying so) instead of failing
 * "database is locked" halfway. The lock is SQLite's own file lock, so the operating system drops
 * it when its holder dies (kill -9, a terminated worker): a crash never leaves it held. The file
 * stays empty; it is made 0600 like the rest of the workspace.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files';
import { isBusyError } from './sqlite-errors';

export interface ImportLock {
  release(): void;
}

export const importLockPath = (dbPath: string): string => `${dbPath}.import-lock`;

/** The lock if it is free now; null while another import holds it. */
export function tryImportLock(dbPath: string, o: { nativeBinding?: string } = {}): ImportLock | null {
  const file = importLockPath(dbPath);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    makePrivate(file);
  }
  const db = new Database(file, { timeout: 0, ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}) });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if (isBusyError(e)) return null;
    throw e;
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      db.close(); // closing ends the (empty) transaction and drops the lock
    },
  };
}

export class ImportLockCancelled extends Error {
  constructor() {
    super('cancelled while waiting for another import');
  }
}

/**
 * Waits (polling, without blocking the thread) until no other import holds the workspace's lock.
 * `onWait` is called once, when the lock was not free at the first try; a cancel while waiting
 * rejects with ImportLockCancelled.
 */
export async function acquireImportLock(dbPath: string, o: { signal?: AbortSignal; onWait?: () => void; pollMs?: number; nativeBinding?: string } = {}): Promise<ImportLock> {
  let waited = false;
  for (;;) {
    if (o.signal?.aborted) throw new ImportLockCancelled();
    const lock = tryImportLock(dbPath, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});
    if (lock) return lock;
    if (!waited) {
      waited = true;
      o.onWait?.();
    }
    await new Promise((resolve) => setTimeout(resolve, o.pollMs ?? 250));
  }
}

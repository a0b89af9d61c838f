import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/open';

/** A fresh temporary folder per test; removed by the returned cleanup. */
export function tmpDir(prefix = 'qunzhu-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * An empty database file (opened, not migrated) in a fresh folder for each test of the calling
 * file, closed and removed after it: what the migration tests start from. Read `.db` inside a test.
 */
export function emptyDbPerTest(name = 'old.db'): { readonly db: Db; readonly dir: string } {
  let t: ReturnType<typeof tmpDir> | null = null;
  let db: Db | null = null;
  beforeEach(() => {
    t = tmpDir();
    db = openDatabase(path.join(t.dir, name));
  });
  afterEach(() => {
    db?.close();
    t?.cleanup();
  });
  return {
    get db() {
      if (!db) throw new Error('emptyDbPerTest: only inside a test');
      return db;
    },
    get dir() {
      if (!t) throw new Error('emptyDbPerTest: only inside a test');
      return t.dir;
    },
  };
}

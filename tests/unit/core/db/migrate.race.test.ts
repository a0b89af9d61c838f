/**
 * Processes that open a new database at the same moment migrate it once: the version is read again
 * inside the migration's write lock. Before, every child read version 0, and all but the first to
 * get the lock failed with "table meta already exists".
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, migrate } from '../../../../electron/core/db/migrate';
import { openDatabase } from '../../../../electron/core/db/open';
import { migrations } from '../../../../electron/core/db/migrations';
import { tmpDir } from '../../../helpers/tmp';

const root = path.resolve(__dirname, '../../../..');
const CHILD = path.join(root, 'tests/helpers/migrate-child.ts');
const N = 6;

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir();
});
afterEach(() => t.cleanup());

interface Child {
  ready: Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startChild(file: string, go: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, go], { cwd: root });
  let stdout = '';
  let stderr = '';
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (stdout.includes('ready\n')) onReady();
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => {
      onReady();
      resolve({ code, stdout, stderr });
    }),
  );
  return { ready, done };
}

async function race(file: string): Promise<{ code: number | null; stdout: string; stderr: string }[]> {
  const go = path.join(t.dir, 'go');
  fs.rmSync(go, { force: true });
  const children = Array.from({ length: N }, () => startChild(file, go));
  await Promise.all(children.map((c) => c.ready));
  fs.writeFileSync(go, '');
  return Promise.all(children.map((c) => c.done));
}

describe('migrate, from several processes at once', () => {
  it(`migrates a new file once when ${N} processes open it together, and every one of them succeeds`, async () => {
    const file = path.join(t.dir, 'fresh.db');
    const results = await race(file);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const outcomes = results.map((r) => JSON.parse(r.stdout.split('\n')[1]!) as { from: number; to: number; backup: string | null });
    // Exactly one did the work; the others found it done under the lock.
    expect(outcomes.filter((o) => o.from === 0)).toHaveLength(1);
    expect(outcomes.every((o) => o.to === latestVersion())).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 60_000);

  it('upgrades an old file with data once, keeps one backup of the old version, and loses no row', async () => {
    const file = path.join(t.dir, 'old.db');
    const db = openDatabase(file);
    migrate(db, { list: migrations.slice(0, 1) });
    db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    db.close();
    const results = await race(file);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const backups = fs.readdirSync(t.dir).filter((f) => f.endsWith('.bak'));
    expect(backups, backups.join(", ")).toHaveLength(1);
    expect(fs.readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const bak = new Database(path.join(t.dir, backups[0]!), { readonly: true });
    expect(bak.pragma('user_version', { simple: true })).toBe(1);
    bak.close();
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(after.prepare("SELECT value FROM meta WHERE key = 'k'").get()).toEqual({ value: 'v' });
    after.close();
  }, 60_000);
});

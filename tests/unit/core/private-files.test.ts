/**
 * Workspace files hold personal data: folders 0700, files 0600 (the database, its WAL and shared
 * memory, migration backups, the settings file, the import lock), whatever the umask, and loose
 * ones from before are narrowed when the core opens them. POSIX modes: skipped on Windows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/create-core';
import { fixedClock } from '../../../electron/core/clock';
import { confSettings, memorySettings } from '../../../electron/core/settings';
import { openDatabase } from '../../../electron/core/db/open';
import { migrate } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { tryImportLock } from '../../../electron/core/db/import-lock';
import { tmpDir } from '../../helpers/tmp';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

let t: ReturnType<typeof tmpDir>;
let umask: number;
beforeEach(() => {
  t = tmpDir();
  // The usual desktop umask: without care, files come out 0644 and folders 0755.
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  t.cleanup();
});

describe.skipIf(process.platform === 'win32')('workspace file modes', () => {
  it('a new managed workspace: data folders 0700, the database, its WAL and shared memory 0600', async () => {
    const core = createCore({ dataDir: t.dir, clock: fixedClock('2026-11-23T08:00:00.000Z'), settings: memorySettings() });
    try {
      expect((await core.call('workspace.dismissWelcome', {})).ok).toBe(true);
      const db = core.workspaces.dbPath;
      for (const d of [t.dir, path.join(t.dir, 'workspaces'), path.dirname(db)]) expect(mode(d), d).toBe(0o700);
      for (const f of [db, `${db}-wal`, `${db}-shm`]) expect(mode(f), f).toBe(0o600);
      const created = await core.call('workspace.create', { name: '客户群' });
      expect(created.ok).toBe(true);
      expect(mode(path.dirname(core.workspaces.dbPath))).toBe(0o700);
      expect(mode(core.workspaces.dbPath)).toBe(0o600);
    } finally {
      core.close();
    }
  });

  it('narrows a workspace made loose by an older version when it opens', async () => {
    const first = createCore({ dataDir: t.dir, settings: memorySettings() });
    const db = first.workspaces.dbPath;
    first.close();
    for (const d of [t.dir, path.join(t.dir, 'workspaces'), path.dirname(db)]) fs.chmodSync(d, 0o755);
    fs.chmodSync(db, 0o644);
    const again = createCore({ dataDir: t.dir, settings: memorySettings() });
    try {
      for (const d of [t.dir, path.join(t.dir, 'workspaces'), path.dirname(db)]) expect(mode(d), d).toBe(0o700);
      for (const f of [db, `${db}-wal`, `${db}-shm`]) expect(mode(f), f).toBe(0o600);
    } finally {
      again.close();
    }
  });

  it('a --db file, its migration backup and its import lock are 0600; a loose --db file is narrowed', () => {
    const file = path.join(t.dir, 'old.db');
    const db = openDatabase(file);
    migrate(db, { list: migrations.slice(0, 1) });
    db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    db.close();
    fs.chmodSync(file, 0o644);
    const again = openDatabase(file);
    try {
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      const r = migrate(again);
      expect(r.backup).not.toBeNull();
      expect(mode(r.backup!)).toBe(0o600);
    } finally {
      again.close();
    }
    const lock = tryImportLock(file);
    expect(lock).not.toBeNull();
    lock!.release();
    expect(mode(`${file}.import-lock`)).toBe(0o600);
  });

  it('the settings file and its folder are private, and narrowed when loose', () => {
    const dir = path.join(t.dir, 'data');
    const s = confSettings(dir);
    s.update({ locale: 'en' });
    const file = path.join(dir, 'settings.json');
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(file, 0o644);
    confSettings(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });
});

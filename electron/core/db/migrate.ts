/**
 * The migration runner. Migrations are numbered and append-only: never edit one that has
 * shipped, add the next. Before migrating a database that has data, a copy is written with
 * VACUUM INTO to a temp file and renamed into place, so a failed upgrade can be undone by hand.
 * All pending migrations run in one transaction together with the user_version bump, and the
 * version is read again inside that transaction's write lock, so processes that open a new file
 * at the same moment migrate it once.
 * A database from a newer Qunzhu is refused untouched.
 */
import fs from 'node:fs';
import type { Locale } from '../../../shared/domain/enums';
import { appError } from '../i18n/messages';
import { makePrivate } from '../private-files';
import type { Db } from './open';
import { migrations as allMigrations, type Migration } from './migrations';

export interface MigrateResult {
  from: number;
  to: number;
  backup: string | null;
}

export function latestVersion(list: readonly Migration[] = allMigrations): number {
  return list.length === 0 ? 0 : list[list.length - 1]!.version;
}

export function checkMigrationList(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration #${i} has version ${m.version}; versions must be 1..n without gaps`);
  });
}

/** The schema version the database is at (SQLite's user_version, which migrate() bumps). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, opts: { locale?: Locale; now?: () => number; list?: readonly Migration[] } = {}): MigrateResult {
  const list = opts.list ?? allMigrations;
  checkMigrationList(list);
  const locale = opts.locale ?? 'zh-CN';
  const latest = latestVersion(list);
  const refuseNewer = (found: number) => {
    if (found > latest) throw appError(locale, 'DB_TOO_NEW', { path: db.name, found, supported: latest });
  };
  const seen = schemaVersion(db);
  refuseNewer(seen);
  if (seen === latest) return { from: seen, to: seen, backup: null };

  // VACUUM INTO cannot run inside a transaction, so the backup is taken first, of the version seen
  // then; if another process migrates meanwhile, the version read again under the lock says so.
  let backup: string | null = null;
  const hasTables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n > 0;
  if (hasTables && db.name !== ':memory:' && fs.existsSync(db.name)) {
    const stamp = new Date((opts.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
    const base = `${db.name}.v${seen}-${stamp}`;
    // Per process: two processes migrating the same file in the same millisecond must not share a
    // file, since the one that finds the work done removes its own.
    const tmp = `${base}.${process.pid}.tmp`;
    fs.rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    makePrivate(tmp);
    backup = `${base}.bak`;
    try {
      fs.linkSync(tmp, backup); // fails if the name is taken, unlike rename
      fs.rmSync(tmp);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      backup = `${base}-${process.pid}.bak`;
      fs.renameSync(tmp, backup);
    }
  }

  // The version is read again inside the write lock (BEGIN IMMEDIATE): two processes opening a new
  // file at once both saw 0 above, and only the first to get the lock may run the migrations.
  let from = seen;
  const run = db.transaction(() => {
    from = schemaVersion(db);
    refuseNewer(from);
    if (from === latest) return;
    for (const m of list) {
      if (m.version <= from) continue;
      m.up(db);
    }
    db.pragma(`user_version = ${latest}`);
  });
  run.immediate();
  if (from === latest) {
    // Another process migrated first (and took its own backup): ours copies a version already kept.
    if (backup && from !== seen) fs.rmSync(backup, { force: true });
    return { from, to: from, backup: null };
  }
  return { from, to: latest, backup };
}

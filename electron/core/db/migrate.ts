/**
 * The migration runner. Migrations are numbered and append-only: never edit one that has
 * shipped, add the next. Before migrating a database that has data, a copy is written with
 * VACUUM INTO to a temp file and renamed into place, so a failed upgrade can be undone by hand.
 * All pending migrations run in one transaction together with the user_version bump.
 * A database from a newer Qunzhu is refused untouched.
 */
import fs from 'node:fs';
import type { Locale } from '../../../shared/domain/enums';
import { appError } from '../i18n/messages';
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
  const from = schemaVersion(db);
  if (from > latest) {
    throw appError(locale, 'DB_TOO_NEW', { path: db.name, found: from, supported: latest });
  }
  if (from === latest) return { from, to: from, backup: null };

  let backup: string | null = null;
  const hasTables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n > 0;
  if (hasTables && db.name !== ':memory:' && fs.existsSync(db.name)) {
    const stamp = new Date((opts.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
    backup = `${db.name}.v${from}-${stamp}.bak`;
    const tmp = `${backup}.tmp`;
    fs.rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    fs.renameSync(tmp, backup);
  }

  const run = db.transaction(() => {
    for (const m of list) {
      if (m.version <= from) continue;
      m.up(db);
    }
    db.pragma(`user_version = ${latest}`);
  });
  run.immediate();
  return { from, to: latest, backup };
}

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../electron/core/db/open';
import { latestVersion, migrate } from '../../../../electron/core/db/migrate';
import { migrations, type Migration } from '../../../../electron/core/db/migrations';
import { AppError } from '../../../../shared/errors';
import { sha256, tmpDir } from '../../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir();
});
afterEach(() => t.cleanup());

describe('openDatabase', () => {
  it('sets WAL, synchronous=FULL, foreign keys and in-memory statement journals, and they hold', () => {
    const db = openDatabase(path.join(t.dir, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    db.close();
    const bulk = openDatabase(path.join(t.dir, 'a.db'), { tempStore: 'file' });
    expect(bulk.pragma('temp_store', { simple: true })).toBe(0);
    bulk.close();
  });

  it('with mustExist, refuses a missing file (DB_OPEN_FAILED) and makes neither it nor its folder', () => {
    const file = path.join(t.dir, 'gone', 'a.db');
    expect(() => openDatabase(file, { mustExist: true })).toThrowError(expect.objectContaining({ code: 'DB_OPEN_FAILED' }) as Error);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    openDatabase(file).close(); // without it, a new workspace file is made
    openDatabase(file, { mustExist: true }).close();
  });

  it('refuses a file that is not SQLite, with DB_CORRUPT, and leaves it byte-for-byte unchanged', () => {
    const file = path.join(t.dir, 'junk.db');
    fs.writeFileSync(file, 'this is not a database at all, just some text\n'.repeat(100));
    const before = sha256(file);
    expect(() => openDatabase(file)).toThrowError(AppError);
    try {
      openDatabase(file, { locale: 'en' });
    } catch (e) {
      expect((e as AppError).code).toBe('DB_CORRUPT');
      expect((e as AppError).message).toContain('left unchanged');
    }
    expect(sha256(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('reports a SQLite file with a damaged body as DB_CORRUPT', () => {
    const file = path.join(t.dir, 'torn.db');
    const db = new Database(file);
    db.exec('CREATE TABLE x (a); INSERT INTO x VALUES (1);');
    db.close();
    const buf = fs.readFileSync(file);
    buf.fill(0xff, 16, 100); // keep the magic header, destroy the rest of page 1's header
    fs.writeFileSync(file, buf);
    const err = (() => {
      try {
        const d = openDatabase(file);
        migrate(d);
        d.close();
        return null;
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err!.code).toBe('DB_CORRUPT');
  });
});

describe('migrate', () => {
  it('brings a new file to the latest version with STRICT tables', () => {
    const db = openDatabase(path.join(t.dir, 'new.db'));
    const r = migrate(db);
    expect(r).toEqual({ from: 0, to: latestVersion(), backup: null });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    // FTS5 keeps its own shadow tables (message_search_*, case_search_*), which are not ours to declare STRICT.
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'message_search%' AND name NOT LIKE 'case_search%'").all() as { name: string; sql: string }[];
    expect(tables.map((x) => x.name).sort()).toEqual([
      'broadcast_images', 'broadcast_log', 'broadcast_targets', 'broadcast_templates', 'broadcasts', 'calendar_columns', 'calendar_entries', 'calendar_playbooks', 'calendar_runs', 'calendar_tasks', 'case_messages', 'case_participants', 'case_redactions', 'case_tags', 'cases', 'field_defs', 'groups', 'import_batches', 'import_column_maps', 'labels', 'member_events', 'member_fields', 'member_labels', 'member_names', 'member_notes',
      'member_tag_overrides', 'member_tags', 'members', 'memberships', 'message_attachments', 'message_mentions', 'messages', 'meta', 'robots', 'segments',
    ]);
    const fts = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'message_search'").get() as { sql: string };
    expect(fts.sql).toMatch(/USING fts5/i);
    for (const tb of tables) expect(tb.sql, tb.name).toMatch(/STRICT/);
    db.close();
  });

  it('is a no-op on a current database', () => {
    const db = openDatabase(path.join(t.dir, 'cur.db'));
    migrate(db);
    expect(migrate(db)).toEqual({ from: latestVersion(), to: latestVersion(), backup: null });
    db.close();
  });

  it('refuses a database from a newer version and changes nothing', () => {
    const file = path.join(t.dir, 'newer.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x); INSERT INTO future VALUES (42);');
    raw.pragma(`user_version = ${latestVersion() + 5}`);
    raw.close();
    const db = openDatabase(file);
    const before = db.prepare('SELECT * FROM future').all();
    let err: AppError | null = null;
    try {
      migrate(db, { locale: 'zh-CN' });
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('DB_TOO_NEW');
    expect(err?.message).toContain('更新版本');
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion() + 5);
    expect(db.prepare('SELECT * FROM future').all()).toEqual(before);
    expect(fs.readdirSync(t.dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
    db.close();
  });

  it('writes a backup before migrating a database that has data, and the backup is the old version', () => {
    const file = path.join(t.dir, 'old.db');
    const v1only = migrations.slice(0, 1);
    let db = openDatabase(file);
    migrate(db, { list: v1only });
    db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    const extra: Migration = { version: 2, name: 'test-extra', up: (d) => d.exec('CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT') };
    const r = migrate(db, { list: [...v1only, extra], now: () => Date.parse('2026-11-23T00:00:00Z') });
    expect(r.from).toBe(1);
    expect(r.to).toBe(2);
    expect(r.backup).not.toBeNull();
    expect(fs.existsSync(`${r.backup}.tmp`)).toBe(false);
    const bak = new Database(r.backup!, { readonly: true });
    expect(bak.pragma('user_version', { simple: true })).toBe(1);
    expect(bak.prepare("SELECT value FROM meta WHERE key = 'k'").get()).toEqual({ value: 'v' });
    bak.close();
    db.close();
    db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('runs all pending migrations in one transaction: a failing one leaves the version and schema untouched', () => {
    const file = path.join(t.dir, 'fail.db');
    const db = openDatabase(file);
    migrate(db, { list: migrations.slice(0, 1) });
    const good: Migration = { version: 2, name: 'good', up: (d) => d.exec('CREATE TABLE good (id INTEGER PRIMARY KEY) STRICT') };
    const bad: Migration = { version: 3, name: 'bad', up: (d) => d.exec('CREATE TABLE broken (') };
    expect(() => migrate(db, { list: [migrations[0]!, good, bad] })).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'good'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('upgrades a version-1 workspace with data to the latest version, keeping every row', () => {
    const file = path.join(t.dir, 'v1.db');
    const db = openDatabase(file);
    migrate(db, { list: migrations.slice(0, 1) });
    db.prepare("INSERT INTO groups (platform, name, group_type, created_at, updated_at) VALUES ('qq', '老群', 'C', 1, 1)").run();
    db.prepare("INSERT INTO members (platform, platform_user_id, display_name, first_seen_at, last_seen_at) VALUES ('qq', '10001', '小王', 1, 1)").run();
    db.prepare("INSERT INTO messages (group_id, sender_id, sent_at, kind, text, source_key) VALUES (1, 1, 5, 'text', '你好', 'k1')").run();
    const r = migrate(db);
    expect(r.from).toBe(1);
    expect(r.to).toBe(latestVersion());
    expect(db.prepare('SELECT text, import_batch_id FROM messages').all()).toEqual([{ text: '你好', import_batch_id: null }]);
    expect(db.prepare('SELECT name FROM groups').all()).toEqual([{ name: '老群' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('rejects a migration list with gaps (append-only numbering)', () => {
    const db = openDatabase(path.join(t.dir, 'gap.db'));
    const gap: Migration = { version: 3, name: 'gap', up: () => undefined };
    expect(() => migrate(db, { list: [migrations[0]!, gap] })).toThrow(/without gaps/);
    db.close();
  });
});

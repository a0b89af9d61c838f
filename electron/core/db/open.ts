import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Locale } from '../../../shared/domain/enums';
import { appError } from '../i18n/messages';
import { isQuestion, searchBody } from '../text/search-text';
import { makePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files';
import { isCorruptionError } from './sqlite-errors';

export type Db = Database.Database;

export interface OpenOptions {
  locale?: Locale;
  readonly?: boolean;
  /** Path of a better_sqlite3.node built for Electron; Node's own build is used otherwise. */
  nativeBinding?: string;
  /**
   * Where statement journals and temporary tables live: in memory (the default: the live path's
   * many small indexed writes) or in a temporary file (bulk imports measured ~10 % faster so).
   */
  tempStore?: 'memory' | 'file';
  /** Refuse a missing file instead of creating an empty database (a worker joining a workspace). */
  mustExist?: boolean;
  /**
   * How long a write waits for another connection's write lock before failing SQLITE_BUSY (default
   * 5 s: the core's own thread must not stall longer). Imports and jobs, off the UI's thread, wait longer.
   */
  busyTimeoutMs?: number;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Opens a workspace database with the pragmas every connection needs, and checks they took:
 * WAL, synchronous=FULL (nothing committed is lost on power failure), foreign keys on.
 * A file that is not SQLite is refused before SQLite touches it, so it is never modified; so is an
 * empty file in a folder that already held a workspace (its key file or backups beside it): that is
 * a database that lost its contents, not a new one. New files are made 0600 (the WAL and shared
 * memory files SQLite makes beside them take the same mode), and loose ones are narrowed.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const locale = opts.locale ?? 'zh-CN';
  const abs = path.resolve(file);
  if (fs.existsSync(abs)) {
    const stat = fs.statSync(abs);
    if (!stat.isFile()) throw appError(locale, 'DB_OPEN_FAILED', { path: abs, detail: 'not a file' });
    if (stat.size > 0) {
      const fd = fs.openSync(abs, 'r');
      const head = Buffer.alloc(16);
      try {
        fs.readSync(fd, head, 0, 16, 0);
      } finally {
        fs.closeSync(fd);
      }
      if (head.toString('latin1') !== SQLITE_MAGIC) throw appError(locale, 'DB_CORRUPT', { path: abs });
    } else if (heldWorkspace(abs)) {
      throw appError(locale, 'DB_CORRUPT', { path: abs });
    }
  } else {
    if (opts.mustExist) throw appError(locale, 'DB_OPEN_FAILED', { path: abs, detail: 'no such file' });
    fs.mkdirSync(path.dirname(abs), { recursive: true, mode: PRIVATE_DIR_MODE });
    if (!opts.readonly) {
      try {
        fs.closeSync(fs.openSync(abs, 'wx', PRIVATE_FILE_MODE));
      } catch (e) {
        // Another process made it a moment ago: open theirs.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  }
  let db: Db;
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  try {
    // The busy timeout is set by the constructor, before the first statement (switching a new file to WAL takes a lock too).
    const dbOpts: Database.Options = { readonly: opts.readonly ?? false, timeout: busyTimeoutMs };
    if (opts.nativeBinding) dbOpts.nativeBinding = opts.nativeBinding;
    db = new Database(abs, dbOpts);
  } catch (e) {
    if (isCorruptionError(e)) throw appError(locale, 'DB_CORRUPT', { path: abs });
    throw appError(locale, 'DB_OPEN_FAILED', { path: abs, detail: (e as Error).message });
  }
  try {
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    for (const f of [abs, `${abs}-wal`, `${abs}-shm`]) makePrivate(f);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // 64 MB page cache: the default 2 MB thrashes once indexes outgrow it.
    db.pragma('cache_size = -65536');
    // Statement journals and temporary tables in memory: a live ingest statement (an INSERT with
    // the search trigger, an UPDATE of indexed counters) copies every page it touches to a
    // statement journal first, and as a temporary file that was ~10 % of its time in system calls.
    db.pragma(`temp_store = ${opts.tempStore === 'file' ? 'DEFAULT' : 'MEMORY'}`);
    assertPragmas(db, abs);
    registerFunctions(db);
    return db;
  } catch (e) {
    db.close();
    if (isCorruptionError(e)) throw appError(locale, 'DB_CORRUPT', { path: abs });
    throw e;
  }
}

/** The folder already held a workspace: its key file, or backups of its database, lie beside it. */
function heldWorkspace(dbFile: string): boolean {
  const dir = path.dirname(dbFile);
  const base = path.basename(dbFile);
  try {
    return fs.readdirSync(dir).some((f) => f === 'secrets.key' || (f.startsWith(base) && f.endsWith('.bak')));
  } catch {
    return false;
  }
}

/**
 * SQL functions the schema's triggers and migrations call: every connection that writes
 * messages needs them (a connection without them cannot insert a message, by design).
 */
export function registerFunctions(db: Db): void {
  db.function('qz_search_body', { deterministic: true }, (text: unknown) => searchBody(typeof text === 'string' ? text : ''));
  db.function('qz_is_question', { deterministic: true }, (text: unknown) => (typeof text === 'string' && isQuestion(text) ? 1 : 0));
}

export function assertPragmas(db: Db, file = db.name): void {
  const sync = db.pragma('synchronous', { simple: true });
  const fk = db.pragma('foreign_keys', { simple: true });
  if (sync !== 2) throw new Error(`synchronous must be FULL (2) on ${file}, got ${String(sync)}`);
  if (fk !== 1) throw new Error(`foreign_keys must be ON on ${file}`);
  if (!db.readonly) {
    const mode = db.pragma('journal_mode', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode must be WAL on ${file}, got ${String(mode)}`);
  }
}

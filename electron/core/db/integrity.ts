/**
 * Damage in a workspace file: how SQLite reports it, how it is found on open (PRAGMA quick_check
 * on a read-only connection, so looking never writes), and what can still be got out of a damaged
 * file into a new one. The damaged file itself is only ever opened read-only here.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SEARCH_INSERT_TRIGGER, SEARCH_KEY_SQL } from './migrations/0003-inbox';
import { registerFunctions } from './open';
import { makePrivate } from '../private-files';
import { isCorruptionError } from './sqlite-errors';

/**
 * What `PRAGMA quick_check` finds (at most `max` lines): [] when the file is sound. A check that
 * itself fails on damage reports that as its finding. quick_check reads every page of every
 * b-tree (the structure, not whether each index matches its table), in O(pages).
 */
export function quickCheck(db: Database.Database, max = 20): string[] {
  try {
    const lines = (db.pragma(`quick_check(${max})`) as { quick_check: string }[]).map((r) => r.quick_check);
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  } catch (e) {
    if (isCorruptionError(e)) return [(e as Error).message];
    throw e;
  }
}

/** quick_check of a file on its own read-only connection (what the check worker runs). */
export function quickCheckFile(file: string, nativeBinding?: string): string[] {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (e) {
    if (isCorruptionError(e)) return [(e as Error).message];
    throw e;
  }
  try {
    return quickCheck(db);
  } finally {
    db.close();
  }
}

export interface RecoveryResult {
  /** The new file. */
  path: string;
  /** 'vacuum': VACUUM INTO copied the whole file soundly; 'tables': read table by table, skipping what is unreadable. */
  method: 'vacuum' | 'tables';
  tables: number;
  rows: number;
  /** Tables some of whose rows could not be read (the copy holds the rest). */
  damagedTables: string[];
}

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies what a damaged database still holds into `dest` (which must not exist): first as a whole
 * with VACUUM INTO, kept only if the copy passes integrity_check; otherwise table by table, row by
 * row, stepping over unreadable pages, with indexes built afresh from the rows copied and the
 * message search index rebuilt from the messages. The source is opened read-only.
 */
export function recoverDatabase(source: string, dest: string, o: { nativeBinding?: string } = {}): RecoveryResult {
  if (fs.existsSync(dest)) throw new Error(`${dest} exists`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  const binding = o.nativeBinding ? { nativeBinding: o.nativeBinding } : {};
  const src = new Database(source, { readonly: true, fileMustExist: true, ...binding });
  try {
    const whole = tryVacuumInto(src, tmp, binding);
    const result = whole ?? copyTables(src, tmp, binding);
    makePrivate(tmp);
    fs.renameSync(tmp, dest);
    return { ...result, path: dest };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}-journal`, { force: true });
    throw e;
  } finally {
    src.close();
  }
}

function countRows(db: Database.Database, tables: string[]): number {
  let n = 0;
  for (const t of tables) n += (db.prepare(`SELECT count(*) AS n FROM ${q(t)}`).get() as { n: number }).n;
  return n;
}

function ordinaryTables(schema: SchemaRow[]): { tables: SchemaRow[]; virtual: SchemaRow[]; shadow: SchemaRow[] } {
  const virtual = schema.filter((r) => r.type === 'table' && /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? ''));
  const isShadow = (name: string) => virtual.some((v) => name.startsWith(`${v.name}_`));
  const all = schema.filter((r) => r.type === 'table' && !virtual.includes(r));
  return { tables: all.filter((r) => !isShadow(r.name) && !r.name.startsWith('sqlite_')), virtual, shadow: all.filter((r) => isShadow(r.name)) };
}

function tryVacuumInto(src: Database.Database, tmp: string, binding: { nativeBinding?: string }): Omit<RecoveryResult, 'path'> | null {
  fs.rmSync(tmp, { force: true });
  try {
    src.prepare('VACUUM INTO ?').run(tmp);
  } catch {
    fs.rmSync(tmp, { force: true });
    return null;
  }
  const copy = new Database(tmp, binding);
  try {
    const ok = (copy.pragma('integrity_check', { simple: true }) as string) === 'ok';
    if (!ok) throw new Error('copy not sound');
    const { tables } = ordinaryTables(copy.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as SchemaRow[]);
    return { method: 'vacuum', tables: tables.length, rows: countRows(copy, tables.map((t) => t.name)), damagedTables: [] };
  } catch {
    copy.close();
    fs.rmSync(tmp, { force: true });
    return null;
  } finally {
    if (copy.open) copy.close();
  }
}

/** Rows of one table into `dest`; false when some could not be read. */
function copyRows(src: Database.Database, dest: Database.Database, table: string, rowid: boolean): { rows: number; complete: boolean } {
  const cols = (src.pragma(`table_info(${q(table)})`) as { name: string }[]).map((c) => c.name);
  const names = [...(rowid ? ['_rowid_'] : []), ...cols];
  const insert = dest.prepare(`INSERT OR IGNORE INTO ${q(table)} (${names.map(q).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  const select = () => src.prepare(`SELECT ${rowid ? '_rowid_, ' : ''}${cols.map(q).join(', ')} FROM ${q(table)}${rowid ? ' WHERE _rowid_ > ? ORDER BY _rowid_' : ''}`).raw(true);
  let rows = 0;
  let complete = true;
  let after = -(2 ** 53);
  const write = dest.transaction((batch: unknown[][]) => {
    for (const r of batch) rows += insert.run(...r).changes;
  });
  for (;;) {
    const batch: unknown[][] = [];
    try {
      const stmt = select();
      for (const r of (rowid ? stmt.iterate(after) : stmt.iterate()) as Iterable<unknown[]>) {
        batch.push(r);
        if (rowid) after = r[0] as number;
        if (batch.length >= 5000) write(batch.splice(0));
      }
      write(batch);
      return { rows, complete };
    } catch (e) {
      write(batch);
      if (!isCorruptionError(e)) throw e;
      complete = false;
      if (!rowid) return { rows, complete };
      // Step over the unreadable page: the next rowid that can be reached, probing further each time.
      const probe = src.prepare(`SELECT _rowid_ AS r FROM ${q(table)} WHERE _rowid_ > ? ORDER BY _rowid_ LIMIT 1`).pluck();
      let resumed = false;
      for (let step = 1; step < 2 ** 53 && after + step < 2 ** 53; step *= 2) {
        try {
          const next = probe.get(after + step) as number | undefined;
          if (next === undefined) return { rows, complete };
          after = next - 1;
          resumed = true;
          break;
        } catch (pe) {
          if (!isCorruptionError(pe)) throw pe;
        }
      }
      if (!resumed) return { rows, complete };
    }
  }
}

function copyTables(src: Database.Database, tmp: string, binding: { nativeBinding?: string }): Omit<RecoveryResult, 'path'> {
  fs.rmSync(tmp, { force: true });
  // The schema (page 1 and sqlite_schema) must be readable: without it nothing can be told apart.
  const schema = src.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid').all() as SchemaRow[];
  const version = src.pragma('user_version', { simple: true }) as number;
  const dest = new Database(tmp, binding);
  try {
    registerFunctions(dest);
    dest.pragma('foreign_keys = OFF');
    const { tables, virtual, shadow } = ordinaryTables(schema);
    const rowidOf = (sql: string) => !/WITHOUT\s+ROWID\s*;?\s*$/i.test(sql.trim());
    for (const t of tables) dest.exec(t.sql!);
    for (const v of virtual) dest.exec(v.sql!);
    let rows = 0;
    const damaged: string[] = [];
    const sequence = schema.some((r) => r.name === 'sqlite_sequence');
    for (const t of tables) {
      const r = copyRows(src, dest, t.name, rowidOf(t.sql!));
      rows += r.rows;
      if (!r.complete) damaged.push(t.name);
    }
    // AUTOINCREMENT's high-water marks as they were (copying the rows set them to the highest row copied).
    if (sequence) {
      dest.exec('DELETE FROM sqlite_sequence');
      copyRows(src, dest, 'sqlite_sequence', false);
    }
    // Other full-text indexes (the case archive's) are copied as stored; the message index is derived, so rebuilt.
    // Writing an index's own tables needs SQLite's defensive mode off on this new file.
    dest.unsafeMode(true);
    for (const s of shadow) {
      if (s.name.startsWith('message_search_')) continue;
      dest.exec(`DELETE FROM ${q(s.name)}`);
      const r = copyRows(src, dest, s.name, rowidOf(s.sql!));
      if (!r.complete) damaged.push(s.name);
    }
    dest.unsafeMode(false);
    for (const ix of schema.filter((r) => r.type === 'index' && r.sql)) {
      try {
        dest.exec(ix.sql!);
      } catch {
        damaged.push(ix.name);
      }
    }
    if (virtual.some((v) => v.name === 'message_search') && tables.some((t) => t.name === 'messages')) {
      dest.exec(`INSERT INTO message_search (rowid, body) SELECT ${SEARCH_KEY_SQL('m')}, qz_search_body(m.text) FROM messages m WHERE m.text != ''`);
      if (tables.some((t) => t.name === 'meta')) dest.exec(`DELETE FROM meta WHERE key = 'search_unindexed_after'`);
    }
    for (const r of schema.filter((x) => (x.type === 'trigger' || x.type === 'view') && x.sql)) dest.exec(r.sql!);
    if (virtual.some((v) => v.name === 'message_search')) dest.exec(SEARCH_INSERT_TRIGGER);
    dest.pragma(`user_version = ${version}`);
    const ok = dest.pragma('integrity_check', { simple: true }) as string;
    if (ok !== 'ok') throw new Error(`recovered copy failed integrity_check: ${ok}`);
    return { method: 'tables', tables: tables.length, rows, damagedTables: damaged };
  } finally {
    dest.close();
  }
}

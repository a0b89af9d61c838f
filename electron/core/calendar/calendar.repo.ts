/** The calendar's tables (`calendar_columns`, `calendar_entries`): statements and rows. */
import type { Db } from '../db/open';
import { inJson, jsonList } from '../db/sql';

export interface ColumnRow {
  id: number;
  name: string;
  color: string;
  targeting: string;
  pattern: string;
  rrule: string;
  start_day: string;
  format: 'text' | 'markdown';
  title: string;
  body: string;
  owner: string;
  auto_send: number;
  paused: number;
  done_until: number | null;
  created_at: number;
  updated_at: number;
}

export type ColumnWrite = Omit<ColumnRow, 'id' | 'done_until' | 'created_at' | 'updated_at'>;

export interface EntryRow {
  id: number;
  column_id: number | null;
  column_name: string;
  color: string;
  at: number;
  targeting: string | null;
  solo_group_id: number | null;
  status: 'idea' | 'draft' | 'approved' | 'skipped' | 'missed';
  missed_reason: 'not-approved' | 'app-closed' | 'no-targets' | null;
  format: 'text' | 'markdown';
  title: string;
  body: string;
  image_id: number | null;
  owner: string;
  note: string;
  broadcast_id: number | null;
  created_at: number;
  updated_at: number;
}

export type EntryWrite = Pick<EntryRow, 'column_id' | 'column_name' | 'color' | 'at' | 'targeting' | 'solo_group_id' | 'status' | 'format' | 'title' | 'body' | 'image_id' | 'owner' | 'note'>;

export function listColumnRows(db: Db): ColumnRow[] {
  return db.prepare('SELECT * FROM calendar_columns ORDER BY id').all() as ColumnRow[];
}

export function getColumnRow(db: Db, id: number): ColumnRow | undefined {
  return db.prepare('SELECT * FROM calendar_columns WHERE id = ?').get(id) as ColumnRow | undefined;
}

export function columnIdNamed(db: Db, name: string): number | undefined {
  return (db.prepare('SELECT id FROM calendar_columns WHERE name = ?').get(name) as { id: number } | undefined)?.id;
}

export function insertColumn(db: Db, c: ColumnWrite, now: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO calendar_columns (name, color, targeting, pattern, rrule, start_day, format, title, body, owner, auto_send, paused, done_until, created_at, updated_at)
         VALUES (@name, @color, @targeting, @pattern, @rrule, @start_day, @format, @title, @body, @owner, @auto_send, @paused, @now, @now, @now)`,
      )
      .run({ ...c, now }).lastInsertRowid,
  );
}

/** `doneUntil`: moved to now when the slots changed or the column was resumed, so no old slot is made up. */
export function updateColumn(db: Db, id: number, c: ColumnWrite, now: number, resetDone: boolean): void {
  db.prepare(
    `UPDATE calendar_columns SET name = @name, color = @color, targeting = @targeting, pattern = @pattern, rrule = @rrule, start_day = @start_day,
       format = @format, title = @title, body = @body, owner = @owner, auto_send = @auto_send, paused = @paused,
       done_until = CASE WHEN @reset THEN @now ELSE done_until END, updated_at = @now WHERE id = @id`,
  ).run({ ...c, id, now, reset: resetDone ? 1 : 0 });
  // Entries keep the column's current look.
  db.prepare('UPDATE calendar_entries SET column_name = ?, color = ? WHERE column_id = ?').run(c.name, c.color, id);
}

export function setColumnDoneUntil(db: Db, id: number, at: number): void {
  db.prepare('UPDATE calendar_columns SET done_until = ? WHERE id = ?').run(at, id);
}

/** Removes the column and its entries that never went out; what was sent, skipped or missed stays. */
export function deleteColumn(db: Db, id: number): { deleted: number; entriesRemoved: number } {
  const entriesRemoved = db.prepare("DELETE FROM calendar_entries WHERE column_id = ? AND broadcast_id IS NULL AND status IN ('idea', 'draft', 'approved')").run(id).changes;
  return { deleted: db.prepare('DELETE FROM calendar_columns WHERE id = ?').run(id).changes, entriesRemoved };
}

export function getEntryRow(db: Db, id: number): EntryRow | undefined {
  return db.prepare('SELECT * FROM calendar_entries WHERE id = ?').get(id) as EntryRow | undefined;
}

export function entryRowsIn(db: Db, ids: readonly number[]): EntryRow[] {
  return db.prepare(`SELECT * FROM calendar_entries WHERE ${inJson('id')} ORDER BY at, id`).all(jsonList(ids)) as EntryRow[];
}

/** Entries in [from, to), in time order. */
export function entryRowsBetween(db: Db, from: number, to: number): EntryRow[] {
  return db.prepare('SELECT * FROM calendar_entries WHERE at >= ? AND at < ? ORDER BY at, id').all(from, to) as EntryRow[];
}

export function insertEntry(db: Db, e: EntryWrite, now: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO calendar_entries (column_id, column_name, color, at, targeting, solo_group_id, status, format, title, body, image_id, owner, note, created_at, updated_at)
         VALUES (@column_id, @column_name, @color, @at, @targeting, @solo_group_id, @status, @format, @title, @body, @image_id, @owner, @note, @now, @now)`,
      )
      .run({ ...e, now }).lastInsertRowid,
  );
}

export function updateEntry(db: Db, id: number, e: EntryWrite, now: number): void {
  db.prepare(
    `UPDATE calendar_entries SET column_id = @column_id, column_name = @column_name, color = @color, at = @at, targeting = @targeting, solo_group_id = @solo_group_id,
       status = @status, missed_reason = NULL, format = @format, title = @title, body = @body, image_id = @image_id, owner = @owner, note = @note, updated_at = @now WHERE id = @id`,
  ).run({ ...e, id, now });
}

export function setEntryStatus(db: Db, id: number, status: EntryRow['status'], reason: EntryRow['missed_reason'], now: number): void {
  db.prepare('UPDATE calendar_entries SET status = ?, missed_reason = ?, updated_at = ? WHERE id = ?').run(status, reason, now, id);
}

export function setEntryAt(db: Db, id: number, at: number, now: number): void {
  db.prepare('UPDATE calendar_entries SET at = ?, updated_at = ? WHERE id = ?').run(at, now, id);
}

export function setEntryBroadcast(db: Db, id: number, broadcastId: number, now: number): void {
  db.prepare('UPDATE calendar_entries SET broadcast_id = ?, updated_at = ? WHERE id = ?').run(broadcastId, now, id);
}

export function deleteEntry(db: Db, id: number): number {
  return db.prepare('DELETE FROM calendar_entries WHERE id = ?').run(id).changes;
}

/** Entries whose slot has come (by `now`) and whose broadcast is not made: approved ones send, the others are missed. */
export function dueEntryRows(db: Db, now: number): EntryRow[] {
  return db.prepare("SELECT * FROM calendar_entries WHERE broadcast_id IS NULL AND status IN ('idea', 'draft', 'approved') AND at <= ? ORDER BY at, id").all(now) as EntryRow[];
}

export function nextEntryDue(db: Db): number | null {
  return (db.prepare("SELECT min(at) AS at FROM calendar_entries WHERE broadcast_id IS NULL AND status IN ('idea', 'draft', 'approved')").get() as { at: number | null }).at;
}

/** The groups that have their own entry in this column's slot at `at` (other than `exceptId`). */
export function soloGroupsOfSlot(db: Db, columnId: number, at: number, exceptId = 0): number[] {
  return (db.prepare('SELECT solo_group_id AS id FROM calendar_entries WHERE column_id = ? AND at = ? AND solo_group_id IS NOT NULL AND id <> ?').all(columnId, at, exceptId) as { id: number }[]).map((r) => r.id);
}

/** An entry of this column in this slot for all its groups (not a group's own), other than `exceptId`. */
export function mainEntryOfSlot(db: Db, columnId: number, at: number, exceptId = 0): number | undefined {
  return (db.prepare('SELECT id FROM calendar_entries WHERE column_id = ? AND at = ? AND solo_group_id IS NULL AND targeting IS NULL AND id <> ?').get(columnId, at, exceptId) as { id: number } | undefined)?.id;
}

/** Paused, or resumed from now on (no slot before now is made up). */
export function setColumnPaused(db: Db, id: number, paused: boolean, now: number): void {
  db.prepare('UPDATE calendar_columns SET paused = ?, done_until = CASE WHEN ? THEN done_until ELSE ? END, updated_at = ? WHERE id = ?').run(paused ? 1 : 0, paused ? 1 : 0, now, now, id);
}

/** The column's latest entry that made a broadcast. */
export function lastMadeEntryOfColumn(db: Db, columnId: number): EntryRow | undefined {
  return db.prepare('SELECT * FROM calendar_entries WHERE column_id = ? AND broadcast_id IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1').get(columnId) as EntryRow | undefined;
}

export function lastMissedEntryOfColumn(db: Db, columnId: number): EntryRow | undefined {
  return db.prepare("SELECT * FROM calendar_entries WHERE column_id = ? AND status = 'missed' ORDER BY at DESC, id DESC LIMIT 1").get(columnId) as EntryRow | undefined;
}

export function entryOfBroadcast(db: Db, broadcastId: number): EntryRow | undefined {
  return db.prepare('SELECT * FROM calendar_entries WHERE broadcast_id = ?').get(broadcastId) as EntryRow | undefined;
}

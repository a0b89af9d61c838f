/** The `broadcast_schedules` table (recurring broadcasts): statements, row, row → DTO. */
import type { BroadcastRowDto, ScheduleDto, ScheduleRule } from '../../../shared/api/broadcasts';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';

export interface ScheduleRow {
  id: number;
  name: string;
  draft: string;
  rule: string;
  next_at: number | null;
  paused: number;
  last_run_at: number | null;
  last_broadcast_id: number | null;
  last_error: string | null;
  created_at: number;
}

/** `last`: the broadcasts the schedules last created, by id (those not found show as none). */
export const toScheduleDto = (r: ScheduleRow, last: ReadonlyMap<number, BroadcastRowDto>): ScheduleDto => ({
  id: r.id,
  name: r.name,
  draft: JSON.parse(r.draft) as ScheduleDto['draft'],
  rule: JSON.parse(r.rule) as ScheduleRule,
  paused: r.paused === 1,
  nextAt: iso(r.next_at),
  lastRunAt: iso(r.last_run_at),
  lastBroadcast: (r.last_broadcast_id !== null ? last.get(r.last_broadcast_id) : undefined) ?? null,
  lastError: r.last_error,
  createdAt: isoRequired(r.created_at),
});

export function getScheduleRow(db: Db, id: number): ScheduleRow | undefined {
  return db.prepare('SELECT * FROM broadcast_schedules WHERE id = ?').get(id) as ScheduleRow | undefined;
}

/** Newest first. */
export function listScheduleRows(db: Db): ScheduleRow[] {
  return db.prepare('SELECT * FROM broadcast_schedules ORDER BY created_at DESC, id DESC').all() as ScheduleRow[];
}

export function insertSchedule(db: Db, s: { name: string; draft: object; rule: ScheduleRule; nextAt: number }, now: number): number {
  return Number(
    db.prepare('INSERT INTO broadcast_schedules (name, draft, rule, next_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(s.name, JSON.stringify(s.draft), JSON.stringify(s.rule), s.nextAt, now, now).lastInsertRowid,
  );
}

export function setSchedulePaused(db: Db, id: number, paused: boolean, nextAt: number | null, now: number): void {
  db.prepare('UPDATE broadcast_schedules SET paused = ?, next_at = ?, updated_at = ? WHERE id = ?').run(paused ? 1 : 0, nextAt, now, id);
}

export function deleteSchedule(db: Db, id: number): number {
  return db.prepare('DELETE FROM broadcast_schedules WHERE id = ?').run(id).changes;
}

/** The schedule if it is active and due by `now`. */
export function dueScheduleRow(db: Db, id: number, now: number): ScheduleRow | undefined {
  return db.prepare('SELECT * FROM broadcast_schedules WHERE id = ? AND paused = 0 AND next_at <= ?').get(id, now) as ScheduleRow | undefined;
}

/** After a run: the next occurrence, and what this one made (`broadcastId` null keeps the last one). */
export function recordRun(db: Db, id: number, r: { nextAt: number; broadcastId: number | null; error: string | null }, now: number): void {
  db.prepare('UPDATE broadcast_schedules SET next_at = ?, last_run_at = ?, last_broadcast_id = ifnull(?, last_broadcast_id), last_error = ?, updated_at = ? WHERE id = ?').run(r.nextAt, now, r.broadcastId, r.error, now, id);
}

/** Active schedules due by `now`, the longest due first. */
export function dueScheduleIds(db: Db, now: number): number[] {
  return db.prepare('SELECT id FROM broadcast_schedules WHERE paused = 0 AND next_at <= ? ORDER BY next_at, id').pluck().all(now) as number[];
}

/** When the next active schedule falls due, or null. */
export function nextScheduleDue(db: Db): number | null {
  return db.prepare('SELECT min(next_at) FROM broadcast_schedules WHERE paused = 0').pluck().get() as number | null;
}

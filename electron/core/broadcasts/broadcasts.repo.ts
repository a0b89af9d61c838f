/**
 * The tables `broadcasts`, `broadcast_targets` and `broadcast_log` as the composer, the report and
 * the operator's actions use them (the outbox's own statements are in outbox.repo.ts), and what a
 * plan reads of the groups it targets. Rows, row → DTO converters; no rules.
 */
import type { BroadcastRowDto, ReportDto, TargetDto } from '../../../shared/api/broadcasts';
import type { Platform } from '../../../shared/domain/enums';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { inJson, jsonList } from '../db/sql';
import { parseCustomFields } from '../groups';

// ---- what a plan reads of the groups --------------------------------------------------------

export function activeGroupIds(db: Db): number[] {
  return db.prepare('SELECT id FROM groups WHERE archived_at IS NULL ORDER BY id').pluck().all() as number[];
}

/** Of these groups, the ones not archived, in id order. */
export function activeGroupIdsIn(db: Db, ids: readonly number[]): number[] {
  return db.prepare(`SELECT id FROM groups WHERE archived_at IS NULL AND ${inJson('id')} ORDER BY id`).pluck().all(jsonList(ids)) as number[];
}

/** Custom field keys any group has a text value for. */
export function customFieldKeys(db: Db): string[] {
  return db.prepare("SELECT DISTINCT j.key FROM groups g, json_each(g.custom_fields) j WHERE j.type = 'text' ORDER BY j.key").pluck().all() as string[];
}

/** How many active groups have a name, a city, an owner (null when there is no group). */
export function builtinVariableCounts(db: Db): Record<'name' | 'city' | 'owner', number | null> {
  return db.prepare("SELECT sum(name != '') AS name, sum(city != '') AS city, sum(owner != '') AS owner FROM groups WHERE archived_at IS NULL").get() as Record<'name' | 'city' | 'owner', number | null>;
}

/** Each custom field key, with how many active groups have a value that is not blank. */
export function customFieldCounts(db: Db): { key: string; n: number }[] {
  return db
    .prepare("SELECT j.key, sum(g.archived_at IS NULL AND trim(j.value) != '') AS n FROM groups g, json_each(g.custom_fields) j WHERE j.type = 'text' GROUP BY j.key ORDER BY j.key")
    .all() as { key: string; n: number }[];
}

export interface PlanGroup {
  id: number;
  name: string;
  platform: Platform;
  city: string;
  owner: string;
  customFields: Record<string, string>;
}

/** What the variables and the plan need of these groups, in no particular order. */
export function planGroups(db: Db, ids: readonly number[]): PlanGroup[] {
  return (db.prepare(`SELECT id, name, platform, city, owner, custom_fields FROM groups WHERE ${inJson('id')}`).all(jsonList(ids)) as (Omit<PlanGroup, 'customFields'> & { custom_fields: string })[]).map(
    ({ custom_fields, ...g }) => ({ ...g, customFields: parseCustomFields(custom_fields) }),
  );
}

/** Targets of these groups planned between `from` and `to` that were not skipped or cancelled. */
export function plannedTargetsOf(db: Db, groupIds: readonly number[], from: number, to: number): { group_id: number; planned_at: number; mode: string }[] {
  return db
    .prepare(
      `SELECT group_id, planned_at, mode FROM broadcast_targets
       WHERE ${inJson('group_id')} AND planned_at IS NOT NULL AND status NOT IN ('skipped', 'cancelled')
         AND planned_at BETWEEN ? AND ?`,
    )
    .all(jsonList(groupIds), from, to) as { group_id: number; planned_at: number; mode: string }[];
}

// ---- writing a broadcast --------------------------------------------------------------------

export interface NewBroadcast {
  name: string;
  format: 'text' | 'markdown';
  title: string;
  body: string;
  /** The targeting as given, JSON. */
  targeting: string;
  scheduledAt: number;
  imageId: number | null;
}

export function insertBroadcast(db: Db, b: NewBroadcast, now: number): number {
  return Number(
    db
      .prepare("INSERT INTO broadcasts (name, format, title, body, targeting, scheduled_at, status, created_at, updated_at, image_id) VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)")
      .run(b.name, b.format, b.title, b.body, b.targeting, b.scheduledAt, now, now, b.imageId).lastInsertRowid,
  );
}

export interface NewTarget {
  groupId: number;
  mode: string;
  robotId: number | null;
  idemKey: string;
  text: string;
  deliveryFormat: string;
  deliveryTitle: string | null;
  plannedAt: number | null;
  status: string;
  /** JSON array of the plan's reasons. */
  reasons: string;
  nextAttemptAt: number | null;
  imageId: number | null;
}

/** The broadcast's whole outbox: one statement prepared once, run per target. */
export function insertTargets(db: Db, broadcastId: number, targets: readonly NewTarget[], now: number): void {
  const insert = db.prepare(
    `INSERT INTO broadcast_targets (broadcast_id, group_id, mode, robot_id, idem_key, text, delivery_format, delivery_title, planned_at, status, reasons, next_attempt_at, updated_at, image_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const t of targets) insert.run(broadcastId, t.groupId, t.mode, t.robotId, t.idemKey, t.text, t.deliveryFormat, t.deliveryTitle, t.plannedAt, t.status, t.reasons, t.nextAttemptAt, now, t.imageId);
}

export interface LogEntry {
  broadcastId: number;
  targetId?: number | null;
  at: number;
  actor: string;
  action: string;
  detail?: string;
}

export function insertLog(db: Db, e: LogEntry): void {
  db.prepare('INSERT INTO broadcast_log (broadcast_id, target_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?, ?)').run(e.broadcastId, e.targetId ?? null, e.at, e.actor, e.action, e.detail ?? '');
}

// ---- broadcasts as listed ---------------------------------------------------------------------

export interface BroadcastRow {
  id: number;
  name: string;
  status: BroadcastRowDto['status'];
  format: 'text' | 'markdown';
  title: string;
  body: string;
  scheduled_at: number;
  created_at: number;
  image_id: number | null;
}

/** `counts`: its targets by status (countsByStatus). */
export const toBroadcastRowDto = (b: BroadcastRow, counts: Record<string, number>): BroadcastRowDto => ({
  id: b.id,
  name: b.name,
  status: b.status,
  scheduledAt: isoRequired(b.scheduled_at),
  createdAt: isoRequired(b.created_at),
  targets: Object.values(counts).reduce((a, n) => a + n, 0),
  counts,
});

export function getBroadcastRow(db: Db, id: number): BroadcastRow | undefined {
  return db.prepare('SELECT * FROM broadcasts WHERE id = ?').get(id) as BroadcastRow | undefined;
}

/** Newest first. */
export function latestBroadcastRows(db: Db, limit: number): BroadcastRow[] {
  return db.prepare('SELECT * FROM broadcasts ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as BroadcastRow[];
}

/** In no particular order. */
export function broadcastRowsIn(db: Db, ids: readonly number[]): BroadcastRow[] {
  return db.prepare(`SELECT * FROM broadcasts WHERE ${inJson('id')}`).all(jsonList(ids)) as BroadcastRow[];
}

/** For each of these broadcasts, its targets by status. */
export function countsByStatus(db: Db, ids: readonly number[]): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  for (const r of db
    .prepare(`SELECT broadcast_id, status, count(*) AS n FROM broadcast_targets WHERE ${inJson('broadcast_id')} GROUP BY broadcast_id, status`)
    .all(jsonList(ids)) as { broadcast_id: number; status: string; n: number }[]) {
    const c = out.get(r.broadcast_id) ?? out.set(r.broadcast_id, {}).get(r.broadcast_id)!;
    c[r.status] = r.n;
  }
  return out;
}

/** The rows with their counts, in the order given. */
export function withCounts(db: Db, rows: readonly BroadcastRow[]): BroadcastRowDto[] {
  const c = countsByStatus(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((b) => toBroadcastRowDto(b, c.get(b.id) ?? {}));
}

// ---- targets ------------------------------------------------------------------------------------

export interface TargetRow {
  id: number;
  broadcast_id: number;
  group_id: number;
  group_name: string;
  platform: Platform;
  mode: TargetDto['mode'];
  status: TargetDto['status'];
  reasons: string;
  planned_at: number | null;
  sent_at: number | null;
  attempts: number;
  error_code: string | null;
  error_text: string | null;
  done_by: string | null;
  done_at: number | null;
  text: string;
  image_id: number | null;
  parts_done: number;
}

const TARGET_SELECT = 'SELECT t.*, g.name AS group_name, g.platform FROM broadcast_targets t JOIN groups g ON g.id = t.group_id';

export const toTargetDto = (r: TargetRow): TargetDto => ({
  id: r.id,
  groupId: r.group_id,
  groupName: r.group_name,
  platform: r.platform,
  mode: r.mode,
  status: r.status,
  reasons: JSON.parse(r.reasons) as string[],
  plannedAt: iso(r.planned_at),
  sentAt: iso(r.sent_at),
  attempts: r.attempts,
  error: r.error_code ? { code: r.error_code, text: r.error_text ?? '' } : null,
  doneBy: r.done_by,
  doneAt: iso(r.done_at),
  text: r.text,
  image: r.image_id !== null,
  partsDone: r.parts_done,
});

export function getTargetRow(db: Db, id: number): TargetRow | undefined {
  return db.prepare(`${TARGET_SELECT} WHERE t.id = ?`).get(id) as TargetRow | undefined;
}

/** A broadcast's targets as the report lists them: by platform, then group name. */
export function targetRowsOf(db: Db, broadcastId: number): TargetRow[] {
  return db.prepare(`${TARGET_SELECT} WHERE t.broadcast_id = ? ORDER BY g.platform, g.name, t.id`).all(broadcastId) as TargetRow[];
}

export function broadcastOfTarget(db: Db, targetId: number): number | undefined {
  return db.prepare('SELECT broadcast_id FROM broadcast_targets WHERE id = ?').pluck().get(targetId) as number | undefined;
}

/** A manual or owner-confirm target done or undone by hand. */
export function setManualStatus(db: Db, id: number, s: { status: string; doneBy: string | null; doneAt: number | null; sentAt: number | null }, now: number): void {
  db.prepare('UPDATE broadcast_targets SET status = ?, done_by = ?, done_at = ?, sent_at = ?, updated_at = ? WHERE id = ?').run(s.status, s.doneBy, s.doneAt, s.sentAt, now, id);
}

/** Every part arrived: sent (the first time it was known to be). */
export function markTargetSent(db: Db, id: number, partsDone: number, now: number): void {
  db.prepare("UPDATE broadcast_targets SET status = 'sent', parts_done = ?, sent_at = ifnull(sent_at, ?), updated_at = ? WHERE id = ?").run(partsDone, now, now, id);
}

/** Back in the queue at part `partsDone`, due now, its error cleared; `resetPartAttempts` for a new part. */
export function requeueTarget(db: Db, id: number, partsDone: number, resetPartAttempts: boolean, now: number): void {
  db.prepare("UPDATE broadcast_targets SET status = 'queued', parts_done = ?, part_attempts = CASE WHEN ? THEN 0 ELSE part_attempts END, next_attempt_at = ?, error_code = NULL, error_text = NULL, updated_at = ? WHERE id = ?").run(
    partsDone,
    resetPartAttempts ? 1 : 0,
    now,
    now,
    id,
  );
}

/** The broadcast's failed targets queued again with a fresh round of attempts; how many. */
export function requeueFailed(db: Db, broadcastId: number, now: number): number {
  return db
    .prepare("UPDATE broadcast_targets SET status = 'queued', attempts = 0, part_attempts = 0, next_attempt_at = ?, error_code = NULL, error_text = NULL, updated_at = ? WHERE broadcast_id = ? AND status = 'failed'")
    .run(now, now, broadcastId).changes;
}

/** Cancels the targets not yet claimed (queued, manual, owner tasks); how many. */
export function cancelOpenTargets(db: Db, broadcastId: number, now: number): number {
  return db.prepare("UPDATE broadcast_targets SET status = 'cancelled', updated_at = ? WHERE broadcast_id = ? AND status IN ('queued', 'manual-pending', 'awaiting-owner')").run(now, broadcastId).changes;
}

export function setBroadcastCancelled(db: Db, id: number, now: number): void {
  db.prepare("UPDATE broadcasts SET status = 'cancelled', updated_at = ? WHERE id = ?").run(now, id);
}

/** 'done' when none of its targets is queued or sending, else 'sending'; a cancelled one stays cancelled. */
export function refreshBroadcastStatus(db: Db, broadcastId: number, now: number): void {
  const open = db.prepare("SELECT count(*) FROM broadcast_targets WHERE broadcast_id = ? AND status IN ('queued', 'sending')").pluck().get(broadcastId) as number;
  db.prepare("UPDATE broadcasts SET status = CASE WHEN status = 'cancelled' THEN status WHEN ? = 0 THEN 'done' ELSE 'sending' END, updated_at = ? WHERE id = ?").run(open, now, broadcastId);
}

// ---- the log --------------------------------------------------------------------------------------

/** The broadcast's log in order, each line with its target's group where it has one. */
export function logOf(db: Db, broadcastId: number): ReportDto['log'] {
  const rows = db
    .prepare('SELECT l.at, l.actor, l.action, l.detail, g.name AS group_name FROM broadcast_log l LEFT JOIN broadcast_targets t ON t.id = l.target_id LEFT JOIN groups g ON g.id = t.group_id WHERE l.broadcast_id = ? ORDER BY l.at, l.id')
    .all(broadcastId) as { at: number; actor: string; action: string; detail: string; group_name: string | null }[];
  return rows.map((l) => ({ at: isoRequired(l.at), actor: l.actor, action: l.action, groupName: l.group_name, detail: l.detail }));
}

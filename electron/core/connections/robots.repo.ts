/**
 * The `robots` table: its statements, its row and the row → DTO converter. The sealed column is
 * stored and returned as it is; opening it is the service's (robots.service.ts), never this file's.
 */
import type { RobotDto, RobotPlatform } from '../../../shared/api/connections';
import { iso } from '../clock';
import type { Db } from '../db/open';
import { inJson, jsonList } from '../db/sql';

export interface RobotRow {
  id: number;
  name: string;
  platform: RobotPlatform;
  group_id: number | null;
  group_name: string | null;
  sealed: Buffer;
  masked: string;
  signed: number;
  base_url: string | null;
  paused: number;
  locked_until: number | null;
  last_test_at: number | null;
  last_test_ok: number | null;
  last_test_reason: string | null;
  created_at: number;
}

/** `now` decides whether a lock the platform set still holds (an expired one reads as none). */
export function toRobotDto(r: RobotRow, now: number): RobotDto {
  return {
    id: r.id,
    name: r.name,
    platform: r.platform,
    groupId: r.group_id,
    groupName: r.group_name,
    masked: r.masked,
    signed: r.signed === 1,
    baseUrl: r.base_url,
    paused: r.paused === 1,
    lockedUntil: r.locked_until !== null && r.locked_until > now ? iso(r.locked_until) : null,
    lastTest: r.last_test_at === null ? null : { at: iso(r.last_test_at)!, ok: r.last_test_ok === 1, reason: r.last_test_reason },
    createdAt: iso(r.created_at)!,
  };
}

const SELECT = 'SELECT r.*, g.name AS group_name FROM robots r LEFT JOIN groups g ON g.id = r.group_id';

export function getRobotRow(db: Db, id: number): RobotRow | undefined {
  return db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as RobotRow | undefined;
}

export function listRobotRows(db: Db): RobotRow[] {
  return db.prepare(`${SELECT} ORDER BY r.name, r.id`).all() as RobotRow[];
}

export function groupExists(db: Db, groupId: number): boolean {
  return db.prepare('SELECT 1 FROM groups WHERE id = ?').get(groupId) !== undefined;
}

export interface NewRobot {
  name: string;
  platform: RobotPlatform;
  groupId: number | null;
  sealed: Buffer;
  masked: string;
  signed: number;
  baseUrl: string | null;
}

export function insertRobot(db: Db, r: NewRobot, now: number): number {
  return Number(
    db
      .prepare('INSERT INTO robots (name, platform, group_id, sealed, masked, signed, base_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.name, r.platform, r.groupId, r.sealed, r.masked, r.signed, r.baseUrl, now, now).lastInsertRowid,
  );
}

export interface RobotChange {
  name: string;
  groupId: number | null;
  sealed: Buffer;
  masked: string;
  signed: number;
  /** New credentials: the last test is cleared. */
  clearTest: boolean;
}

export function updateRobot(db: Db, id: number, c: RobotChange, now: number): void {
  db.prepare('UPDATE robots SET name = ?, group_id = ?, sealed = ?, masked = ?, signed = ?, updated_at = ?, last_test_at = CASE WHEN ? THEN NULL ELSE last_test_at END WHERE id = ?').run(
    c.name,
    c.groupId,
    c.sealed,
    c.masked,
    c.signed,
    now,
    c.clearTest ? 1 : 0,
    id,
  );
}

export function setRobotPaused(db: Db, id: number, paused: boolean, now: number): void {
  db.prepare('UPDATE robots SET paused = ?, updated_at = ? WHERE id = ?').run(paused ? 1 : 0, now, id);
}

export function deleteRobot(db: Db, id: number): void {
  db.prepare('DELETE FROM robots WHERE id = ?').run(id);
}

/** `lockedUntil` null keeps the lock already stored. */
export function recordRobotTest(db: Db, id: number, t: { at: number; ok: boolean; reason: string | null; lockedUntil: number | null }): void {
  db.prepare('UPDATE robots SET last_test_at = ?, last_test_ok = ?, last_test_reason = ?, locked_until = coalesce(?, locked_until) WHERE id = ?').run(t.at, t.ok ? 1 : 0, t.reason, t.lockedUntil, id);
}

// ---- what the broadcasts read and write of the robots (through connections/index.ts) ----------

export interface ActiveRobotRow {
  group_id: number;
  id: number;
  platform: RobotPlatform;
  locked_until: number | null;
}

/** The robots on these groups that are not paused, highest id first. */
export function activeRobotsOfGroups(db: Db, groupIds: readonly number[]): ActiveRobotRow[] {
  return db.prepare(`SELECT group_id, id, platform, locked_until FROM robots WHERE paused = 0 AND ${inJson('group_id')} ORDER BY id DESC`).all(jsonList(groupIds)) as ActiveRobotRow[];
}

/** Until when the platform locked the robot; null when it did not, undefined when there is no such robot. */
export function robotLockedUntil(db: Db, id: number): number | null | undefined {
  return db.prepare('SELECT locked_until FROM robots WHERE id = ?').pluck().get(id) as number | null | undefined;
}

/** Extends the robot's lock to `until` (a shorter one never shortens it). */
export function extendRobotLock(db: Db, id: number, until: number): void {
  db.prepare('UPDATE robots SET locked_until = max(ifnull(locked_until, 0), ?) WHERE id = ?').run(until, id);
}

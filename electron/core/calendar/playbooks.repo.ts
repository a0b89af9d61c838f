/** The playbooks' tables (`calendar_playbooks`, `calendar_runs`, `calendar_tasks`): statements and rows. */
import type { Db } from '../db/open';
import { inJson, jsonList } from '../db/sql';

export interface PlaybookRow {
  id: number;
  name: string;
  description: string;
  steps: string;
  created_at: number;
  updated_at: number;
}

export interface RunRow {
  id: number;
  playbook_key: string;
  playbook_name: string;
  group_id: number;
  start_day: string;
  created_at: number;
}

export interface TaskRow {
  id: number;
  run_id: number;
  group_id: number;
  at: number;
  title: string;
  body: string;
  owner: string;
  pick: string | null;
  done_at: number | null;
  done_by: string | null;
  created_at: number;
}

export function listPlaybookRows(db: Db): PlaybookRow[] {
  return db.prepare('SELECT * FROM calendar_playbooks ORDER BY updated_at DESC, id DESC').all() as PlaybookRow[];
}

export function getPlaybookRow(db: Db, id: number): PlaybookRow | undefined {
  return db.prepare('SELECT * FROM calendar_playbooks WHERE id = ?').get(id) as PlaybookRow | undefined;
}

export function playbookIdNamed(db: Db, name: string): number | undefined {
  return (db.prepare('SELECT id FROM calendar_playbooks WHERE name = ?').get(name) as { id: number } | undefined)?.id;
}

export function insertPlaybook(db: Db, p: { name: string; description: string; steps: string }, now: number): number {
  return Number(db.prepare('INSERT INTO calendar_playbooks (name, description, steps, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(p.name, p.description, p.steps, now, now).lastInsertRowid);
}

export function updatePlaybook(db: Db, id: number, p: { name: string; description: string; steps: string }, now: number): void {
  db.prepare('UPDATE calendar_playbooks SET name = ?, description = ?, steps = ?, updated_at = ? WHERE id = ?').run(p.name, p.description, p.steps, now, id);
}

export function deletePlaybook(db: Db, id: number): number {
  return db.prepare('DELETE FROM calendar_playbooks WHERE id = ?').run(id).changes;
}

/** Runs per playbook key. */
export function runCounts(db: Db): Map<string, number> {
  return new Map((db.prepare('SELECT playbook_key AS k, count(*) AS n FROM calendar_runs GROUP BY playbook_key').all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
}

export function runOf(db: Db, key: string, groupId: number): RunRow | undefined {
  return db.prepare('SELECT * FROM calendar_runs WHERE playbook_key = ? AND group_id = ?').get(key, groupId) as RunRow | undefined;
}

export function insertRun(db: Db, r: Omit<RunRow, 'id' | 'created_at'>, now: number): number {
  return Number(db.prepare('INSERT INTO calendar_runs (playbook_key, playbook_name, group_id, start_day, created_at) VALUES (?, ?, ?, ?, ?)').run(r.playbook_key, r.playbook_name, r.group_id, r.start_day, now).lastInsertRowid);
}

export function restartRun(db: Db, id: number, name: string, startDay: string, now: number): void {
  db.prepare('UPDATE calendar_runs SET playbook_name = ?, start_day = ?, created_at = ? WHERE id = ?').run(name, startDay, now, id);
}

/** What re-applying replaces: the run's posts that never went out and its open tasks. */
export function clearOpenOfRun(db: Db, runId: number): number {
  const posts = db.prepare("DELETE FROM calendar_entries WHERE run_id = ? AND broadcast_id IS NULL AND status IN ('idea', 'draft', 'approved')").run(runId).changes;
  return posts + db.prepare('DELETE FROM calendar_tasks WHERE run_id = ? AND done_at IS NULL').run(runId).changes;
}

export function listRunRows(db: Db, groupId?: number): RunRow[] {
  return (groupId === undefined ? db.prepare('SELECT * FROM calendar_runs ORDER BY created_at DESC, id DESC').all() : db.prepare('SELECT * FROM calendar_runs WHERE group_id = ? ORDER BY created_at DESC, id DESC').all(groupId)) as RunRow[];
}

export function runRowsIn(db: Db, ids: readonly number[]): RunRow[] {
  return db.prepare(`SELECT * FROM calendar_runs WHERE ${inJson('id')}`).all(jsonList(ids)) as RunRow[];
}

export function insertTask(db: Db, x: Omit<TaskRow, 'id' | 'done_at' | 'done_by' | 'created_at'>, now: number): number {
  return Number(db.prepare('INSERT INTO calendar_tasks (run_id, group_id, at, title, body, owner, pick, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(x.run_id, x.group_id, x.at, x.title, x.body, x.owner, x.pick, now).lastInsertRowid);
}

export function getTaskRow(db: Db, id: number): TaskRow | undefined {
  return db.prepare('SELECT * FROM calendar_tasks WHERE id = ?').get(id) as TaskRow | undefined;
}

export function tasksOfRun(db: Db, runId: number): TaskRow[] {
  return db.prepare('SELECT * FROM calendar_tasks WHERE run_id = ? ORDER BY at, id').all(runId) as TaskRow[];
}

export function tasksOfRuns(db: Db, runIds: readonly number[]): TaskRow[] {
  return db.prepare(`SELECT * FROM calendar_tasks WHERE ${inJson('run_id')} ORDER BY at, id`).all(jsonList(runIds)) as TaskRow[];
}

export function tasksBetween(db: Db, from: number, to: number): TaskRow[] {
  return db.prepare('SELECT * FROM calendar_tasks WHERE at >= ? AND at < ? ORDER BY at, id').all(from, to) as TaskRow[];
}

export function setTaskDone(db: Db, id: number, doneAt: number | null, by: string | null): void {
  db.prepare('UPDATE calendar_tasks SET done_at = ?, done_by = ? WHERE id = ?').run(doneAt, by, id);
}

/** Each run's posts by stored status, with whether a broadcast was made. */
export function postsOfRuns(db: Db, runIds: readonly number[]): { run_id: number; id: number; status: string; broadcast_id: number | null }[] {
  return db.prepare(`SELECT run_id, id, status, broadcast_id FROM calendar_entries WHERE ${inJson('run_id')}`).all(jsonList(runIds)) as { run_id: number; id: number; status: string; broadcast_id: number | null }[];
}

export function setEntryRun(db: Db, entryId: number, runId: number): void {
  db.prepare('UPDATE calendar_entries SET run_id = ? WHERE id = ?').run(runId, entryId);
}

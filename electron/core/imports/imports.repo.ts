/**
 * The statements of imports: the `import_batches` rows (start, heartbeat, finish, undo, recovery)
 * and the removal of what one batch added, found by the `import_batch_id` every table carries.
 */
import type { ImportBatchDto } from '../../../shared/api/imports';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';

export interface ImportBatchRow {
  id: number;
  file_name: string;
  format: string;
  status: 'running' | 'done' | 'failed' | 'cancelled' | 'undone';
  started_at: number;
  finished_at: number | null;
  chats: number;
  messages_added: number;
  duplicates: number;
  members_added: number;
  events_added: number;
  groups_created: number;
  error: string | null;
}

export const toBatchDto = (r: ImportBatchRow): ImportBatchDto => ({
  id: r.id,
  fileName: r.file_name,
  format: r.format,
  status: r.status,
  startedAt: isoRequired(r.started_at),
  finishedAt: iso(r.finished_at),
  chats: r.chats,
  messagesAdded: r.messages_added,
  duplicates: r.duplicates,
  membersAdded: r.members_added,
  eventsAdded: r.events_added,
  groupsCreated: r.groups_created,
  error: r.error,
});

/** The numbers a batch reports when it ends. */
export interface BatchCounts {
  chats: number;
  messagesAdded: number;
  duplicates: number;
  membersAdded: number;
  events: number;
  groupsCreated: number;
}

export function listBatches(db: Db, limit: number): ImportBatchRow[] {
  return db.prepare('SELECT * FROM import_batches ORDER BY id DESC LIMIT ?').all(limit) as ImportBatchRow[];
}

export function getBatch(db: Db, id: number): ImportBatchRow | undefined {
  return db.prepare('SELECT * FROM import_batches WHERE id = ?').get(id) as ImportBatchRow | undefined;
}

/** A new batch, 'running' and owned by this process (recovery tells a live owner from a crashed one). */
export function insertRunningBatch(db: Db, b: { fileName: string; filePath: string; fileSize: number; format: string; startedAt: number; ownerPid: number; heartbeatAt: number }): number {
  return Number(
    db
      .prepare("INSERT INTO import_batches (file_name, file_path, file_size, format, status, started_at, owner_pid, heartbeat_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?)")
      .run(b.fileName, b.filePath, b.fileSize, b.format, b.startedAt, b.ownerPid, b.heartbeatAt).lastInsertRowid,
  );
}

/** Prepared once per import and run after every chunk: the batch's sign of life. */
export function prepareHeartbeat(db: Db): (batchId: number, at: number) => void {
  const heartbeat = db.prepare('UPDATE import_batches SET heartbeat_at = ? WHERE id = ?');
  return (batchId, at) => {
    heartbeat.run(at, batchId);
  };
}

export function finishBatch(db: Db, id: number, status: string, s: BatchCounts, error: string | null, now: number): void {
  db.prepare(
    `UPDATE import_batches SET status = ?, finished_at = ?, chats = ?, messages_added = ?, duplicates = ?, members_added = ?, events_added = ?, groups_created = ?, error = ?
     WHERE id = ?`,
  ).run(status, now, s.chats, s.messagesAdded, s.duplicates, s.membersAdded, s.events, s.groupsCreated, error, id);
}

export function markBatchUndone(db: Db, id: number, now: number): void {
  db.prepare("UPDATE import_batches SET status = 'undone', finished_at = ? WHERE id = ?").run(now, id);
}

export function markBatchInterrupted(db: Db, id: number, now: number): void {
  db.prepare("UPDATE import_batches SET status = 'failed', finished_at = ?, error = 'interrupted (the app stopped during the import); rolled back' WHERE id = ?").run(now, id);
}

export function runningBatches(db: Db): { id: number; owner_pid: number | null; heartbeat_at: number | null }[] {
  return db.prepare("SELECT id, owner_pid, heartbeat_at FROM import_batches WHERE status = 'running'").all() as { id: number; owner_pid: number | null; heartbeat_at: number | null }[];
}

export function hasRunningBatch(db: Db): boolean {
  return db.prepare("SELECT 1 FROM import_batches WHERE status = 'running' LIMIT 1").get() !== undefined;
}

/** The group an import "into a group named …" goes to: an active one first, then the oldest. */
export function groupIdByName(db: Db, name: string): number | undefined {
  const row = db.prepare('SELECT id FROM groups WHERE name = ? ORDER BY archived_at IS NOT NULL, id LIMIT 1').get(name) as { id: number } | undefined;
  return row?.id;
}

/** Marks a group as created by the batch, so undoing the batch removes it too. */
export function tagGroupWithBatch(db: Db, groupId: number, batchId: number): void {
  db.prepare('UPDATE groups SET import_batch_id = ? WHERE id = ?').run(batchId, groupId);
}

/** Every group the batch wrote into or created: their counters need recomputing after a rollback. */
export function groupsTouchedByBatch(db: Db, batchId: number): number[] {
  return (db.prepare('SELECT DISTINCT group_id AS id FROM messages WHERE import_batch_id = ? UNION SELECT DISTINCT group_id FROM member_events WHERE import_batch_id = ? UNION SELECT id FROM groups WHERE import_batch_id = ?').all(batchId, batchId, batchId) as { id: number }[]).map((r) => r.id);
}

/**
 * Deletes the rows the batch added. Members, memberships and groups it created go only when
 * nothing else refers to them (another batch or live traffic may have used them since).
 * The order matters: each NOT EXISTS sees the rows the deletes before it removed. Run inside the
 * caller's transaction.
 */
/** Messages the batches still hold (what rolling them back has left to delete). */
export function batchMessageCount(db: Db, batchIds: readonly number[]): number {
  let n = 0;
  const count = db.prepare('SELECT count(*) FROM messages WHERE import_batch_id = ?').pluck();
  for (const id of batchIds) n += count.get(id) as number;
  return n;
}

/** Deletes up to `limit` of the batch's messages; how many went (0: none left). */
export function deleteBatchMessagesChunk(db: Db, batchId: number, limit: number): number {
  return db.prepare('DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE import_batch_id = ? LIMIT ?)').run(batchId, limit).changes;
}

export function deleteBatchRows(db: Db, batchId: number): void {
  db.prepare('DELETE FROM messages WHERE import_batch_id = ?').run(batchId);
  db.prepare('DELETE FROM member_events WHERE import_batch_id = ?').run(batchId);
  db.prepare('DELETE FROM member_names WHERE import_batch_id = ?').run(batchId);
  db.prepare(
    `DELETE FROM memberships WHERE import_batch_id = ?
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.group_id = memberships.group_id AND m.sender_id = memberships.member_id)
         AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.group_id = memberships.group_id AND e.member_id = memberships.member_id)`,
  ).run(batchId);
  db.prepare(
    `DELETE FROM members WHERE import_batch_id = ?
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = members.id)
         AND NOT EXISTS (SELECT 1 FROM memberships s WHERE s.member_id = members.id)
         AND NOT EXISTS (SELECT 1 FROM message_mentions x WHERE x.member_id = members.id)
         AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.member_id = members.id OR e.actor_id = members.id)`,
  ).run(batchId);
  db.prepare('DELETE FROM groups WHERE import_batch_id = ? AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.group_id = groups.id) AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.group_id = groups.id)').run(batchId);
}

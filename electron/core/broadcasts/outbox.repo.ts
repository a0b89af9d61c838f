/**
 * The outbox's statements on `broadcast_targets` and `broadcast_log`. Each is one statement; the
 * transactions that make a claim or an outcome durable as a whole are outbox.ts's, which calls
 * these inside them.
 */
import type { DeliveryFormat } from '../channels/channel';
import type { Db } from '../db/open';

export interface DueRow {
  id: number;
  broadcast_id: number;
  robot_id: number | null;
  text: string;
  /** What the plan built for this target (NULL on rows written before deliveries were stored). */
  delivery_format: DeliveryFormat | null;
  delivery_title: string | null;
  format: 'text' | 'markdown';
  title: string;
  idem_key: string;
  /** The picture that follows the text (WeCom robots), or null. */
  image_id: number | null;
  /** Parts known to have arrived; the next to send is this one. */
  parts_done: number;
}

export function sendingTargets(db: Db): { id: number; broadcast_id: number }[] {
  return db.prepare("SELECT id, broadcast_id FROM broadcast_targets WHERE status = 'sending'").all() as { id: number; broadcast_id: number }[];
}

/** Marks these targets uncertain (interrupted) and logs each: two statements prepared once for all. */
export function markInterrupted(db: Db, rows: readonly { id: number; broadcast_id: number }[], now: number): void {
  const mark = db.prepare("UPDATE broadcast_targets SET status = 'uncertain', error_code = 'interrupted', error_text = 'the app stopped while this message was being sent', updated_at = ? WHERE id = ?");
  const log = db.prepare("INSERT INTO broadcast_log (broadcast_id, target_id, at, actor, action, detail) VALUES (?, ?, ?, 'outbox', 'uncertain', 'interrupted')");
  for (const r of rows) {
    mark.run(now, r.id);
    log.run(r.broadcast_id, r.id, now);
  }
}

/** Queued targets due by `now` of broadcasts not cancelled, in the order they fell due (at most 500). */
export function dueTargets(db: Db, now: number): DueRow[] {
  return db
    .prepare(
      `SELECT t.id, t.broadcast_id, t.robot_id, t.text, t.delivery_format, t.delivery_title, b.format, b.title, t.idem_key, t.image_id, t.parts_done FROM broadcast_targets t JOIN broadcasts b ON b.id = t.broadcast_id
         WHERE t.status = 'queued' AND t.next_attempt_at <= ? AND b.status != 'cancelled' ORDER BY t.next_attempt_at, t.id LIMIT 500`,
    )
    .all(now) as DueRow[];
}

/** When the next queued target falls due after `now`, or null. */
export function nextAttemptAfter(db: Db, now: number): number | null {
  return db.prepare("SELECT min(next_attempt_at) FROM broadcast_targets WHERE status = 'queued' AND next_attempt_at > ?").pluck().get(now) as number | null;
}

/** Sets the target `sending` if it is still queued at this part; how many rows changed (0 or 1). */
export function claimTarget(db: Db, id: number, partsDone: number, now: number): number {
  return db
    .prepare("UPDATE broadcast_targets SET status = 'sending', attempts = attempts + 1, part_attempts = part_attempts + 1, updated_at = ? WHERE id = ? AND status = 'queued' AND parts_done = ?")
    .run(now, id, partsDone).changes;
}

export function targetState(db: Db, id: number): { status: string; part_attempts: number; parts_done: number } | undefined {
  return db.prepare('SELECT status, part_attempts, parts_done FROM broadcast_targets WHERE id = ?').get(id) as { status: string; part_attempts: number; parts_done: number } | undefined;
}

export interface Outcome {
  status: string;
  nextAttemptAt: number | null;
  errorCode: string | null;
  errorText: string | null;
  partsDone: number;
  /** A part arrived with another to follow: its attempts start again. */
  partSent: boolean;
}

/** Stores an outcome; `sent_at` is set when the status is 'sent'. */
export function recordOutcome(db: Db, id: number, o: Outcome, now: number): void {
  db.prepare(
    'UPDATE broadcast_targets SET status = ?, next_attempt_at = ?, error_code = ?, error_text = ?, sent_at = CASE WHEN ? THEN ? ELSE sent_at END, parts_done = ?, part_attempts = CASE WHEN ? THEN 0 ELSE part_attempts END, updated_at = ? WHERE id = ?',
  ).run(o.status, o.nextAttemptAt, o.errorCode, o.errorText, o.status === 'sent' ? 1 : 0, now, o.partsDone, o.partSent ? 1 : 0, now, id);
}

export function logOutcome(db: Db, broadcastId: number, targetId: number, now: number, action: string, detail: string): void {
  db.prepare("INSERT INTO broadcast_log (broadcast_id, target_id, at, actor, action, detail) VALUES (?, ?, ?, 'outbox', ?, ?)").run(broadcastId, targetId, now, action, detail);
}

/**
 * The demo's own writes: an operator's touch on the roster (labels, fields, a note, two saved
 * segments) and last week's broadcast as it went, with history timestamps set by hand. No area
 * offers these writes through its index.ts, and the broadcast history bypasses the rules on
 * purpose (a report to read on the first day), so they live here and nowhere else.
 */
import type { Db } from '../db/open';

export function insertLabel(db: Db, name: string, color: string, now: number): number {
  return Number(db.prepare('INSERT INTO labels (name, color, created_at) VALUES (?, ?, ?)').run(name, color, now).lastInsertRowid);
}

/** The members who wrote most, most first: the ones a newcomer opens first. */
export function topTalkers(db: Db): number[] {
  return db.prepare('SELECT id FROM members WHERE msg_count > 0 ORDER BY msg_count DESC, id LIMIT 40').pluck().all() as number[];
}

/** Prepared once, run per member: a label on a member, and a value of one of its fields. */
export function prepareRosterWrites(db: Db): { labelMember(memberId: number, labelId: number, now: number): void; setField(memberId: number, key: string, value: string): void } {
  const tag = db.prepare('INSERT OR IGNORE INTO member_labels (member_id, label_id, set_at) VALUES (?, ?, ?)');
  const field = db.prepare('INSERT OR REPLACE INTO member_fields (member_id, key, value) VALUES (?, ?, ?)');
  return {
    labelMember: (memberId, labelId, now) => {
      tag.run(memberId, labelId, now);
    },
    setField: (memberId, key, value) => {
      field.run(memberId, key, value);
    },
  };
}

export function insertNote(db: Db, memberId: number, text: string, now: number): void {
  db.prepare('INSERT INTO member_notes (member_id, text, created_at, updated_at) VALUES (?, ?, ?, ?)').run(memberId, text, now, now);
}

export function insertSegment(db: Db, target: 'members' | 'groups', name: string, definition: unknown, now: number): void {
  db.prepare('INSERT INTO segments (target, name, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(target, name, JSON.stringify(definition), now, now);
}

export function groupSegmentId(db: Db, name: string): number | undefined {
  return db.prepare("SELECT id FROM segments WHERE target = 'groups' AND name = ?").pluck().get(name) as number | undefined;
}

export function broadcastTargets(db: Db, broadcastId: number): { id: number; mode: string; group_id: number }[] {
  return db.prepare('SELECT id, mode, group_id FROM broadcast_targets WHERE broadcast_id = ? ORDER BY id').all(broadcastId) as { id: number; mode: string; group_id: number }[];
}

/** Prepared once, run per target: a target marked sent by the outbox or done by hand, with its log line. */
export function prepareBroadcastHistory(db: Db): {
  sent(broadcastId: number, targetId: number, at: number): void;
  manualDone(broadcastId: number, targetId: number, at: number, by: string): void;
} {
  const log = db.prepare("INSERT INTO broadcast_log (broadcast_id, target_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?, '')");
  const sent = db.prepare("UPDATE broadcast_targets SET status = 'sent', attempts = 1, sent_at = ? WHERE id = ?");
  const manual = db.prepare("UPDATE broadcast_targets SET status = 'manual-done', done_by = ?, done_at = ?, sent_at = ? WHERE id = ?");
  return {
    sent: (broadcastId, targetId, at) => {
      sent.run(at, targetId);
      log.run(broadcastId, targetId, at, 'outbox', 'sent');
    },
    manualDone: (broadcastId, targetId, at, by) => {
      manual.run(by, at, at, targetId);
      log.run(broadcastId, targetId, at, by, 'manual-done');
    },
  };
}

export function markBroadcastDone(db: Db, broadcastId: number): void {
  db.prepare("UPDATE broadcasts SET status = 'done' WHERE id = ?").run(broadcastId);
}

export function pauseAllRobots(db: Db): void {
  db.prepare('UPDATE robots SET paused = 1').run();
}

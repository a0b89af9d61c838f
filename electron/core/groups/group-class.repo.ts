/**
 * The statements of the value classes (group-class.service.ts): what each rule counts, per live
 * group, in the 30 days before a moment, and the stored class with its reasons.
 */
import type { Platform } from '../../../shared/domain/enums';
import { MESSAGE_FLAG } from '../../../shared/domain/message';
import type { Db } from '../db/open';

export interface GroupClassStatsRow {
  id: number;
  platform: Platform;
  member_count: number;
  last_at: number | null;
  speakers: number;
  msgs: number;
  spam: number;
  questions: number;
  answered: number;
}

/** The numbers the class rules read, per live group: messages in (d30, asOf], questions answered by a reply or by staff within an hour. */
export function groupClassStats(db: Db, p: { asOf: number; d30: number }): GroupClassStatsRow[] {
  return db
    .prepare(
      `SELECT g.id, g.platform, g.member_count,
         (SELECT max(sent_at) FROM messages WHERE group_id = g.id AND sent_at <= @asOf) AS last_at,
         ifnull(st.speakers, 0) AS speakers, ifnull(st.msgs, 0) AS msgs, ifnull(st.spam, 0) AS spam, ifnull(st.questions, 0) AS questions,
         ifnull(an.answered, 0) AS answered
       FROM groups g
       LEFT JOIN (
         SELECT group_id, count(DISTINCT sender_id) AS speakers, count(*) AS msgs, sum((flags & ${MESSAGE_FLAG.spam}) != 0) AS spam, sum((flags & ${MESSAGE_FLAG.question}) != 0) AS questions
         FROM messages WHERE sent_at > @d30 AND sent_at <= @asOf AND kind != 'system' GROUP BY group_id
       ) st ON st.group_id = g.id
       LEFT JOIN (
         SELECT q.group_id, count(*) AS answered FROM messages q
         WHERE q.sent_at > @d30 AND q.sent_at <= @asOf AND (q.flags & ${MESSAGE_FLAG.question}) != 0 AND (
           EXISTS (SELECT 1 FROM messages r WHERE r.group_id = q.group_id AND r.reply_to_key = q.source_key AND r.sender_id IS NOT q.sender_id)
           OR EXISTS (SELECT 1 FROM messages a JOIN memberships sm ON sm.group_id = a.group_id AND sm.member_id = a.sender_id AND sm.role IN ('owner', 'admin')
                      WHERE a.group_id = q.group_id AND a.sent_at > q.sent_at AND a.sent_at <= q.sent_at + 3600000 AND a.sender_id IS NOT q.sender_id))
         GROUP BY q.group_id
       ) an ON an.group_id = g.id
       WHERE g.archived_at IS NULL`,
    )
    .all(p) as GroupClassStatsRow[];
}

/** Writes each group's class and its reasons (as JSON); one statement for all the rows. */
export function updateGroupClasses(db: Db, rows: readonly { groupId: number; cls: string; reasons: object }[]): void {
  const up = db.prepare('UPDATE groups SET class = ?, class_reasons = ? WHERE id = ?');
  for (const r of rows) up.run(r.cls, JSON.stringify(r.reasons), r.groupId);
}

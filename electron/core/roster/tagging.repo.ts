/**
 * The statements of the auto-tags (tagging.service.ts): what each rule counts per membership,
 * the influence behind KOL, the operator's overrides, and the stored tags.
 */
import type { AutoTag } from '../../../shared/domain/roster';
import { MESSAGE_FLAG } from '../../../shared/domain/message';
import type { Db } from '../db/open';

const DAY = 86_400_000;

export interface StatsRow {
  group_id: number;
  member_id: number;
  joined_at: number | null;
  n_active: number;
  days_active: number;
  n_silent: number;
  n_recent: number;
  n_prior: number;
  last_at: number | null;
}

export interface InfluenceRow {
  group_id: number;
  member_id: number;
  replied_by: number;
  mentioned_by: number;
  answered: number;
  people: number;
}

/** The window starts (ms) the rules count from, as of `asOf`; `off` turns UTC into local days. */
export interface TagWindows {
  asOf: number;
  off: number;
  activeFrom: number;
  silentFrom: number;
  recentFrom: number;
  priorFrom: number;
  kolFrom: number;
}

/** Each membership current at `asOf`, with its messages in each rule's window (all windows start after `from`). */
export function tagStats(db: Db, p: TagWindows & { from: number }): StatsRow[] {
  const present = '(s.joined_at IS NULL OR s.joined_at <= @asOf) AND (s.left_at IS NULL OR s.left_at > @asOf)';
  return db
    .prepare(
      `SELECT s.group_id, s.member_id, s.joined_at,
         ifnull(st.n_active, 0) AS n_active, ifnull(st.days_active, 0) AS days_active, ifnull(st.n_silent, 0) AS n_silent,
         ifnull(st.n_recent, 0) AS n_recent, ifnull(st.n_prior, 0) AS n_prior, st.last_at
       FROM memberships s LEFT JOIN (
         SELECT group_id, sender_id,
           sum(sent_at >= @activeFrom) AS n_active,
           count(DISTINCT CASE WHEN sent_at >= @activeFrom THEN CAST((sent_at + @off) / ${DAY} AS INTEGER) END) AS days_active,
           sum(sent_at > @silentFrom) AS n_silent,
           sum(sent_at > @recentFrom) AS n_recent,
           sum(sent_at > @priorFrom AND sent_at <= @recentFrom) AS n_prior,
           max(sent_at) AS last_at
         FROM messages
         WHERE sent_at > @from AND sent_at <= @asOf AND sender_id IS NOT NULL AND kind != 'system'
         GROUP BY group_id, sender_id
       ) st ON st.group_id = s.group_id AND st.sender_id = s.member_id
       WHERE ${present}`,
    )
    .all(p) as StatsRow[];
}

/** Influence in the KOL window: who replied to them, who @-mentioned them, whose questions they answered. */
export function tagInfluence(db: Db, p: TagWindows): InfluenceRow[] {
  return db
    .prepare(
      `SELECT group_id, member_id,
         count(DISTINCT CASE WHEN how = 'r' THEN other END) AS replied_by,
         count(DISTINCT CASE WHEN how = 'm' THEN other END) AS mentioned_by,
         count(DISTINCT CASE WHEN how = 'a' THEN other END) AS answered,
         count(DISTINCT other) AS people
       FROM (
         SELECT t.group_id, t.sender_id AS member_id, r.sender_id AS other, 'r' AS how
           FROM messages r JOIN messages t ON t.group_id = r.group_id AND t.source_key = r.reply_to_key
           WHERE r.reply_to_key IS NOT NULL AND r.sent_at > @kolFrom AND r.sent_at <= @asOf AND r.sender_id != t.sender_id
         UNION ALL
         SELECT m.group_id, x.member_id, m.sender_id, 'm'
           FROM message_mentions x JOIN messages m ON m.id = x.message_id
           WHERE m.sent_at > @kolFrom AND m.sent_at <= @asOf AND m.sender_id != x.member_id
         UNION ALL
         SELECT r.group_id, r.sender_id, t.sender_id, 'a'
           FROM messages r JOIN messages t ON t.group_id = r.group_id AND t.source_key = r.reply_to_key
           WHERE r.reply_to_key IS NOT NULL AND r.sent_at > @kolFrom AND r.sent_at <= @asOf AND (t.flags & ${MESSAGE_FLAG.question}) != 0 AND r.sender_id != t.sender_id
       )
       WHERE member_id IS NOT NULL AND other IS NOT NULL
       GROUP BY group_id, member_id`,
    )
    .all(p) as InfluenceRow[];
}

/** A member's last message in a group up to a moment (null if none); prepared once, asked per member. */
export function prepareLastMessageAt(db: Db): (memberId: number, groupId: number, asOf: number) => number | null {
  const q = db.prepare('SELECT max(sent_at) AS at FROM messages WHERE sender_id = ? AND group_id = ? AND sent_at <= ?').pluck();
  return (memberId, groupId, asOf) => (q.get(memberId, groupId, asOf) as number | null) ?? null;
}

export interface OverrideRow {
  group_id: number;
  member_id: number;
  tag: AutoTag;
  state: 'on' | 'off';
}

export function listOverrides(db: Db): OverrideRow[] {
  return db.prepare('SELECT group_id, member_id, tag, state FROM member_tag_overrides').all() as OverrideRow[];
}

export function deleteOverride(db: Db, groupId: number, memberId: number, tag: AutoTag): void {
  db.prepare('DELETE FROM member_tag_overrides WHERE group_id = ? AND member_id = ? AND tag = ?').run(groupId, memberId, tag);
}

export function upsertOverride(db: Db, groupId: number, memberId: number, tag: AutoTag, state: 'on' | 'off', now: number): void {
  db.prepare(
    `INSERT INTO member_tag_overrides (group_id, member_id, tag, state, set_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (group_id, member_id, tag) DO UPDATE SET state = excluded.state, set_at = excluded.set_at`,
  ).run(groupId, memberId, tag, state, now);
}

export interface StoredTag {
  groupId: number;
  memberId: number;
  tag: AutoTag;
  source: 'auto' | 'manual';
  evidence: Record<string, number | string | null>;
}

export function deleteAllTags(db: Db): void {
  db.prepare('DELETE FROM member_tags').run();
}

/** Inserts the tags with one statement prepared for them all. */
export function insertTags(db: Db, tags: readonly StoredTag[]): void {
  const ins = db.prepare('INSERT INTO member_tags (group_id, member_id, tag, source, evidence) VALUES (?, ?, ?, ?, ?)');
  for (const t of tags) {
    ins.run(t.groupId, t.memberId, t.tag, t.source, JSON.stringify(t.evidence));
  }
}

/** A manual tag with no evidence, or an existing tag turned manual. */
export function upsertManualTag(db: Db, groupId: number, memberId: number, tag: AutoTag): void {
  db.prepare(
    `INSERT INTO member_tags (group_id, member_id, tag, source, evidence) VALUES (?, ?, ?, 'manual', '{}')
       ON CONFLICT (group_id, member_id, tag) DO UPDATE SET source = 'manual'`,
  ).run(groupId, memberId, tag);
}

export function deleteTag(db: Db, groupId: number, memberId: number, tag: AutoTag): void {
  db.prepare('DELETE FROM member_tags WHERE group_id = ? AND member_id = ? AND tag = ?').run(groupId, memberId, tag);
}

/** Removes the tag only if it is a manual one that an override added (no rule's evidence). */
export function deleteManualTag(db: Db, groupId: number, memberId: number, tag: AutoTag): void {
  db.prepare("DELETE FROM member_tags WHERE group_id = ? AND member_id = ? AND tag = ? AND source = 'manual' AND evidence = '{}'").run(groupId, memberId, tag);
}

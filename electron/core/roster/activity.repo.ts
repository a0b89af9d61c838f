/**
 * The statements of the activity features (activity.service.ts): the rebuild from the stored
 * messages, step by step through a temp table, and the live path's UPDATEs, prepared once per
 * connection because inbox ingest runs them for every batch.
 */
import type { Statement } from 'better-sqlite3';
import { MESSAGE_FLAG } from '../../../shared/domain/message';
import { ACTIVITY_COLUMNS } from '../db/migrations/0005-roster-members';
import type { Db } from '../db/open';
import { inJson } from '../db/sql';

const DAY = 86_400_000;

// ---- rebuild ---------------------------------------------------------------------------------

/** The bound values of a rebuild: its moment, the local-day offset, the window starts, and the groups (JSON) when scoped. */
export interface RebuildParams {
  asOf: number;
  off: number;
  d7: number;
  d30: number;
  d90: number;
  groups: string;
}

const RESET = ACTIVITY_COLUMNS.map((c) => `${c} = ${c.endsWith('_at') ? 'NULL' : '0'}`).join(', ');
const NONZERO = ACTIVITY_COLUMNS.filter((c) => !c.endsWith('_at')).map((c) => `${c} != 0`).join(' OR ');

/** Scoped to the groups in @groups, or everything. */
const inGroups = (scoped: boolean, col: string) => (scoped ? `AND ${inJson(col, '@groups')}` : '');

/** The scratch table a rebuild collects into: one row per (group, member) that did anything. */
export function createActivityScratch(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS temp.act; CREATE TEMP TABLE act (
      group_id INTEGER NOT NULL, member_id INTEGER NOT NULL,
      msg_count INTEGER NOT NULL DEFAULT 0, first_message_at INTEGER, last_message_at INTEGER,
      n7 INTEGER NOT NULL DEFAULT 0, n30 INTEGER NOT NULL DEFAULT 0, n90 INTEGER NOT NULL DEFAULT 0, days30 INTEGER NOT NULL DEFAULT 0,
      replies_received INTEGER NOT NULL DEFAULT 0, replies_given INTEGER NOT NULL DEFAULT 0, mentions_received INTEGER NOT NULL DEFAULT 0,
      answers_given INTEGER NOT NULL DEFAULT 0, threads_started INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (group_id, member_id)) WITHOUT ROWID`);
}

export function dropActivityScratch(db: Db): void {
  db.exec('DROP TABLE temp.act');
}

/** Messages per (group, sender): counts in each window, first and last, distinct local days in 30. */
export function collectMessageActivity(db: Db, p: RebuildParams, scoped: boolean): void {
  db.prepare(
    `INSERT INTO temp.act (group_id, member_id, msg_count, first_message_at, last_message_at, n7, n30, n90, days30)
       SELECT group_id, sender_id, count(*), min(sent_at), max(sent_at), sum(sent_at > @d7), sum(sent_at > @d30), sum(sent_at > @d90),
         count(DISTINCT CASE WHEN sent_at > @d30 THEN CAST((sent_at + @off) / ${DAY} AS INTEGER) END)
       FROM messages
       WHERE sender_id IS NOT NULL AND kind != 'system' AND sent_at <= @asOf ${inGroups(scoped, 'group_id')}
       GROUP BY group_id, sender_id`,
  ).run(p);
}

// Replies between two different people: the replier gave one (an answer if it was a question), the author received one.
const replies = (scoped: boolean) => `FROM messages r JOIN messages t ON t.group_id = r.group_id AND t.source_key = r.reply_to_key
       WHERE r.reply_to_key IS NOT NULL AND r.sent_at <= @asOf AND r.sender_id IS NOT NULL AND t.sender_id IS NOT NULL AND r.sender_id != t.sender_id ${inGroups(scoped, 'r.group_id')}`;

export function collectRepliesGiven(db: Db, p: RebuildParams, scoped: boolean): void {
  db.prepare(
    `INSERT INTO temp.act (group_id, member_id, replies_given, answers_given)
       SELECT r.group_id, r.sender_id, count(*), sum((t.flags & ${MESSAGE_FLAG.question}) != 0) ${replies(scoped)} GROUP BY r.group_id, r.sender_id
       ON CONFLICT DO UPDATE SET replies_given = excluded.replies_given, answers_given = excluded.answers_given`,
  ).run(p);
}

export function collectRepliesReceived(db: Db, p: RebuildParams, scoped: boolean): void {
  db.prepare(
    `INSERT INTO temp.act (group_id, member_id, replies_received, threads_started)
       SELECT t.group_id, t.sender_id, count(*), count(DISTINCT t.id) ${replies(scoped)} GROUP BY t.group_id, t.sender_id
       ON CONFLICT DO UPDATE SET replies_received = excluded.replies_received, threads_started = excluded.threads_started`,
  ).run(p);
}

export function collectMentions(db: Db, p: RebuildParams, scoped: boolean): void {
  db.prepare(
    `INSERT INTO temp.act (group_id, member_id, mentions_received)
       SELECT m.group_id, x.member_id, count(*) FROM message_mentions x JOIN messages m ON m.id = x.message_id
       WHERE m.sent_at <= @asOf AND (m.sender_id IS NULL OR m.sender_id != x.member_id) ${inGroups(scoped, 'm.group_id')}
       GROUP BY m.group_id, x.member_id
       ON CONFLICT DO UPDATE SET mentions_received = excluded.mentions_received`,
  ).run(p);
}

/** Zeroes the memberships (in scope) that had activity and now have none. */
export function resetIdleMemberships(db: Db, p: RebuildParams, scoped: boolean): void {
  db.prepare(
    `UPDATE memberships SET ${RESET}
       WHERE (${NONZERO} OR last_message_at IS NOT NULL) ${inGroups(scoped, 'group_id')}
         AND NOT EXISTS (SELECT 1 FROM temp.act a WHERE a.group_id = memberships.group_id AND a.member_id = memberships.member_id)`,
  ).run(p);
}

/** Copies the collected activity onto the memberships; how many were written. */
export function copyScratchToMemberships(db: Db): number {
  const cols = ACTIVITY_COLUMNS.join(', ');
  return db
    .prepare(`UPDATE memberships SET (${cols}) = (SELECT ${cols} FROM temp.act a WHERE a.group_id = memberships.group_id AND a.member_id = memberships.member_id)
         WHERE EXISTS (SELECT 1 FROM temp.act a WHERE a.group_id = memberships.group_id AND a.member_id = memberships.member_id)`)
    .run().changes;
}

/** Members: sums over their memberships; distinct days across groups from their messages. Scoped: the members of @groups. */
export function recomputeMembers(db: Db, p: RebuildParams, scoped: boolean): void {
  const who = scoped ? `WHERE id IN (SELECT member_id FROM memberships WHERE ${inJson('group_id', '@groups')})` : '';
  db.prepare(
    `UPDATE members SET
         (msg_count, first_message_at, last_message_at, n7, n30, n90, replies_received, replies_given, answers_given, threads_started, group_count) = (
           SELECT ifnull(sum(msg_count), 0), min(first_message_at), max(last_message_at), ifnull(sum(n7), 0), ifnull(sum(n30), 0), ifnull(sum(n90), 0),
             ifnull(sum(replies_received), 0), ifnull(sum(replies_given), 0), ifnull(sum(answers_given), 0),
             ifnull(sum(threads_started), 0), ifnull(sum(left_at IS NULL), 0)
           FROM memberships s WHERE s.member_id = members.id),
         -- Someone @-mentioned in a group they never spoke or joined in has no membership there: count from the mentions.
         mentions_received = (SELECT count(*) FROM message_mentions x JOIN messages m ON m.id = x.message_id
           WHERE x.member_id = members.id AND m.sent_at <= @asOf AND (m.sender_id IS NULL OR m.sender_id != x.member_id)),
         days30 = (SELECT count(DISTINCT CAST((sent_at + @off) / ${DAY} AS INTEGER)) FROM messages WHERE sender_id = members.id AND sent_at > @d30 AND sent_at <= @asOf AND kind != 'system')
       ${who}`,
  ).run(p);
}

// ---- live path -------------------------------------------------------------------------------

/** One sender's summed messages of a batch (activity.service's ActivityDelta, as bound). */
export interface DeltaCounts {
  k: number;
  k7: number;
  k30: number;
  k90: number;
  first: number;
  last: number;
  days: readonly number[];
}

export interface ReplyTarget {
  sender_id: number | null;
  flags: number;
  replies: number;
}

/** The live path's statements as functions, prepared once per connection (see liveActivity). */
export interface LiveActivity {
  /** The message a reply points at, with how many replies from other people it has (this one included). */
  replyTarget(groupId: number, sourceKey: string): ReplyTarget | undefined;
  replyGiven(groupId: number, memberId: number, answer: 0 | 1): void;
  replyReceived(groupId: number, memberId: number, first: 0 | 1): void;
  mentionReceived(groupId: number, memberId: number): void;
  recountGroups(memberId: number): void;
  membershipDelta(groupId: number, memberId: number, d: DeltaCounts, off: number): void;
  memberDelta(memberId: number, d: DeltaCounts, off: number, seenLast: number): void;
}

const DELTA_SET = `msg_count = msg_count + @k,
    first_message_at = CASE WHEN @k > 0 THEN min(ifnull(first_message_at, @first), @first) ELSE first_message_at END,
    last_message_at = CASE WHEN @k > 0 THEN max(ifnull(last_message_at, @last), @last) ELSE last_message_at END,
    n7 = n7 + @k7, n30 = n30 + @k30, n90 = n90 + @k90,
    days30 = days30 + (SELECT count(*) FROM json_each(@days) WHERE value > ifnull(CAST((last_message_at + @off) / ${DAY} AS INTEGER), -1e15))`;

const deltaParams = (d: DeltaCounts, off: number) => ({ k: d.k, k7: d.k7, k30: d.k30, k90: d.k90, first: d.first, last: d.last, days: JSON.stringify(d.days), off });

const liveCache = new WeakMap<Db, LiveActivity>();

/** The live path's statements on this connection, prepared on first use and kept while the connection lives. */
export function liveActivity(db: Db): LiveActivity {
  const cached = liveCache.get(db);
  if (cached) return cached;
  // Replies from other people only: a thread starts with the first one.
  const target: Statement<[number, string], ReplyTarget> = db.prepare(
    'SELECT sender_id, flags, (SELECT count(*) FROM messages r WHERE r.group_id = t.group_id AND r.reply_to_key = t.source_key AND r.sender_id IS NOT t.sender_id AND r.sender_id IS NOT NULL) AS replies FROM messages t WHERE t.group_id = ? AND t.source_key = ?',
  );
  const giveMs = db.prepare('UPDATE memberships SET replies_given = replies_given + 1, answers_given = answers_given + @answer WHERE group_id = @g AND member_id = @m');
  const giveM = db.prepare('UPDATE members SET replies_given = replies_given + 1, answers_given = answers_given + @answer WHERE id = @m');
  const receiveMs = db.prepare('UPDATE memberships SET replies_received = replies_received + 1, threads_started = threads_started + @first WHERE group_id = @g AND member_id = @m');
  const receiveM = db.prepare('UPDATE members SET replies_received = replies_received + 1, threads_started = threads_started + @first WHERE id = @m');
  const mentionMs = db.prepare('UPDATE memberships SET mentions_received = mentions_received + 1 WHERE group_id = @g AND member_id = @m');
  const mentionM = db.prepare('UPDATE members SET mentions_received = mentions_received + 1 WHERE id = @m');
  const groupCount = db.prepare('UPDATE members SET group_count = (SELECT count(*) FROM memberships WHERE member_id = @m AND left_at IS NULL) WHERE id = @m');
  const membershipDelta = db.prepare(`UPDATE memberships SET ${DELTA_SET} WHERE group_id = @g AND member_id = @m`);
  // The batch's latest sighting of the member rides along: one rewrite of the row. (Name and
  // first-seen changes are written apart, when there are any: they are indexed columns.)
  const memberDelta = db.prepare(`UPDATE members SET last_seen_at = max(last_seen_at, @seenLast), ${DELTA_SET} WHERE id = @m`);
  const s: LiveActivity = {
    replyTarget: (g, key) => target.get(g, key),
    replyGiven: (g, m, answer) => {
      giveMs.run({ g, m, answer });
      giveM.run({ m, answer });
    },
    replyReceived: (g, m, first) => {
      receiveMs.run({ g, m, first });
      receiveM.run({ m, first });
    },
    mentionReceived: (g, m) => {
      mentionMs.run({ g, m });
      mentionM.run({ m });
    },
    recountGroups: (m) => {
      groupCount.run({ m });
    },
    membershipDelta: (g, m, d, off) => {
      membershipDelta.run({ ...deltaParams(d, off), g, m });
    },
    memberDelta: (m, d, off, seenLast) => {
      memberDelta.run({ ...deltaParams(d, off), m, seenLast });
    },
  };
  liveCache.set(db, s);
  return s;
}

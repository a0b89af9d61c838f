/**
 * Activity features per membership (one person in one group) and per member (across groups):
 * messages in all/7/30/90 days, distinct active days in 30, first and last message, replies
 * received and given, @-mentions received, questions answered, threads started (own messages
 * that drew at least one reply).
 *
 * Two ways they stay true:
 * - live: `bumpActivity` adds each message as it is stored (a few indexed UPDATEs), so the roster
 *   moves while the operator watches;
 * - rebuilt: `rebuildActivity` recomputes them from the messages (all groups, or the groups an
 *   import or undo touched) as of a moment kept in meta `activity_as_of`. Windowed counts are "as
 *   of that moment, plus what arrived since"; the re-tag job rebuilds them, so they also age.
 * Bulk imports skip the live path and rebuild the groups they loaded at the end.
 */
import type { Db } from '../db/open';
import { ACTIVITY_COLUMNS } from '../db/migrations/0005-roster-members';
import { getMeta, setMeta } from '../db/meta.repo';

const DAY = 86_400_000;
const AS_OF_KEY = 'activity_as_of';

export interface ActivityOptions {
  asOf: number;
  /** Added to UTC milliseconds to find the local day ("distinct days"); defaults to the system zone. */
  dayOffsetMs?: number;
  /** Called after each of the ACTIVITY_STEPS statements of a rebuild, for a progress bar. */
  onStep?: (done: number) => void;
}

/** How many times rebuildActivity calls `onStep`. */
export const ACTIVITY_STEPS = 7;

const offsetAt = (at: number, given?: number) => given ?? -new Date(at).getTimezoneOffset() * 60_000;

export function activityAsOf(db: Db): number | null {
  const v = getMeta(db, AS_OF_KEY);
  return v === null ? null : Number(v);
}

const RESET = ACTIVITY_COLUMNS.map((c) => `${c} = ${c.endsWith('_at') ? 'NULL' : '0'}`).join(', ');
const NONZERO = ACTIVITY_COLUMNS.filter((c) => !c.endsWith('_at')).map((c) => `${c} != 0`).join(' OR ');

/**
 * Recomputes activity from the stored messages. With `groupIds`, only those groups' memberships
 * (and the members in them) are recomputed, as of the workspace's current activity moment — so
 * they agree with every other group; without one (or before any rebuild), everything as of `asOf`.
 */
export function rebuildActivity(db: Db, o: ActivityOptions & { groupIds?: readonly number[] }): { asOf: number; memberships: number } {
  const stored = activityAsOf(db);
  const scoped = o.groupIds !== undefined && stored !== null;
  const asOf = scoped ? stored : o.asOf;
  const p = { asOf, off: offsetAt(asOf, o.dayOffsetMs), d7: asOf - 7 * DAY, d30: asOf - 30 * DAY, d90: asOf - 90 * DAY, groups: JSON.stringify(o.groupIds ?? []) };
  const inGroups = (col: string) => (scoped ? `AND ${col} IN (SELECT value FROM json_each(@groups))` : '');
  let steps = 0;
  const step = () => o.onStep?.(++steps);
  return db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS temp.act; CREATE TEMP TABLE act (
      group_id INTEGER NOT NULL, member_id INTEGER NOT NULL,
      msg_count INTEGER NOT NULL DEFAULT 0, first_message_at INTEGER, last_message_at INTEGER,
      n7 INTEGER NOT NULL DEFAULT 0, n30 INTEGER NOT NULL DEFAULT 0, n90 INTEGER NOT NULL DEFAULT 0, days30 INTEGER NOT NULL DEFAULT 0,
      replies_received INTEGER NOT NULL DEFAULT 0, replies_given INTEGER NOT NULL DEFAULT 0, mentions_received INTEGER NOT NULL DEFAULT 0,
      answers_given INTEGER NOT NULL DEFAULT 0, threads_started INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (group_id, member_id)) WITHOUT ROWID`);
    db.prepare(
      `INSERT INTO temp.act (group_id, member_id, msg_count, first_message_at, last_message_at, n7, n30, n90, days30)
       SELECT group_id, sender_id, count(*), min(sent_at), max(sent_at), sum(sent_at > @d7), sum(sent_at > @d30), sum(sent_at > @d90),
         count(DISTINCT CASE WHEN sent_at > @d30 THEN CAST((sent_at + @off) / ${DAY} AS INTEGER) END)
       FROM messages
       WHERE sender_id IS NOT NULL AND kind != 'system' AND sent_at <= @asOf ${inGroups('group_id')}
       GROUP BY group_id, sender_id`,
    ).run(p);
    step();
    // Replies between two different people: the replier gave one (an answer if it was a question), the author received one.
    const replies = `FROM messages r JOIN messages t ON t.group_id = r.group_id AND t.source_key = r.reply_to_key
       WHERE r.reply_to_key IS NOT NULL AND r.sent_at <= @asOf AND r.sender_id IS NOT NULL AND t.sender_id IS NOT NULL AND r.sender_id != t.sender_id ${inGroups('r.group_id')}`;
    db.prepare(
      `INSERT INTO temp.act (group_id, member_id, replies_given, answers_given)
       SELECT r.group_id, r.sender_id, count(*), sum((t.flags & 8) != 0) ${replies} GROUP BY r.group_id, r.sender_id
       ON CONFLICT DO UPDATE SET replies_given = excluded.replies_given, answers_given = excluded.answers_given`,
    ).run(p);
    step();
    db.prepare(
      `INSERT INTO temp.act (group_id, member_id, replies_received, threads_started)
       SELECT t.group_id, t.sender_id, count(*), count(DISTINCT t.id) ${replies} GROUP BY t.group_id, t.sender_id
       ON CONFLICT DO UPDATE SET replies_received = excluded.replies_received, threads_started = excluded.threads_started`,
    ).run(p);
    step();
    db.prepare(
      `INSERT INTO temp.act (group_id, member_id, mentions_received)
       SELECT m.group_id, x.member_id, count(*) FROM message_mentions x JOIN messages m ON m.id = x.message_id
       WHERE m.sent_at <= @asOf AND (m.sender_id IS NULL OR m.sender_id != x.member_id) ${inGroups('m.group_id')}
       GROUP BY m.group_id, x.member_id
       ON CONFLICT DO UPDATE SET mentions_received = excluded.mentions_received`,
    ).run(p);
    step();

    const cols = ACTIVITY_COLUMNS.join(', ');
    db.prepare(
      `UPDATE memberships SET ${RESET}
       WHERE (${NONZERO} OR last_message_at IS NOT NULL) ${inGroups('group_id')}
         AND NOT EXISTS (SELECT 1 FROM temp.act a WHERE a.group_id = memberships.group_id AND a.member_id = memberships.member_id)`,
    ).run(p);
    step();
    const updated = db
      .prepare(`UPDATE memberships SET (${cols}) = (SELECT ${cols} FROM temp.act a WHERE a.group_id = memberships.group_id AND a.member_id = memberships.member_id)
         WHERE EXISTS (SELECT 1 FROM temp.act a WHERE a.group_id = memberships.group_id AND a.member_id = memberships.member_id)`)
      .run().changes;
    step();

    // Members: sums over their memberships; distinct days across groups from their messages.
    const who = scoped ? `WHERE id IN (SELECT member_id FROM memberships WHERE group_id IN (SELECT value FROM json_each(@groups)))` : '';
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
    step();
    db.exec('DROP TABLE temp.act');
    if (!scoped) setMeta(db, AS_OF_KEY, String(asOf));
    return { asOf, memberships: updated };
  }).immediate();
}

/**
 * One sender's messages of one ingest batch, summed, so their member and membership rows are
 * rewritten once per batch instead of once per message. `days` are the local days (in the 30-day
 * window) that a message-by-message pass would have counted: a day later than every earlier
 * message of the batch; the UPDATE then keeps those later than the row's last message.
 */
export interface ActivityDelta {
  k: number;
  k7: number;
  k30: number;
  k90: number;
  first: number;
  last: number;
  days: number[];
  /** The latest local day among the batch's messages so far (in window or not). */
  maxDay: number;
}

const DELTA_SET = `msg_count = msg_count + @k,
    first_message_at = CASE WHEN @k > 0 THEN min(ifnull(first_message_at, @first), @first) ELSE first_message_at END,
    last_message_at = CASE WHEN @k > 0 THEN max(ifnull(last_message_at, @last), @last) ELSE last_message_at END,
    n7 = n7 + @k7, n30 = n30 + @k30, n90 = n90 + @k90,
    days30 = days30 + (SELECT count(*) FROM json_each(@days) WHERE value > ifnull(CAST((last_message_at + @off) / ${DAY} AS INTEGER), -1e15))`;

/** Adds a message sent at `at` to a sender's delta (a new one when `d` is undefined). */
export function addToDelta(w: ActivityWindow, d: ActivityDelta | undefined, at: number): ActivityDelta {
  const win = { d7: finite(w.d7), d30: finite(w.d30), d90: finite(w.d90) };
  const day = Math.floor((at + w.off) / DAY);
  const out = d ?? { k: 0, k7: 0, k30: 0, k90: 0, first: at, last: at, days: [], maxDay: Number.NEGATIVE_INFINITY };
  out.k++;
  if (at > win.d7) out.k7++;
  if (at > win.d30) out.k30++;
  if (at > win.d90) out.k90++;
  out.first = Math.min(out.first, at);
  out.last = Math.max(out.last, at);
  if (at > win.d30 && day > out.maxDay) out.days.push(day);
  out.maxDay = Math.max(out.maxDay, day);
  return out;
}

const deltaParams = (w: ActivityWindow, d: ActivityDelta) => ({ k: d.k, k7: d.k7, k30: d.k30, k90: d.k90, first: d.first, last: d.last, days: JSON.stringify(d.days), off: w.off });
const NO_DELTA: ActivityDelta = { k: 0, k7: 0, k30: 0, k90: 0, first: 0, last: 0, days: [], maxDay: 0 };

export function applyMembershipDelta(db: Db, w: ActivityWindow, groupId: number, memberId: number, d: ActivityDelta): void {
  bumpStatements(db).membershipDelta.run({ ...deltaParams(w, d), g: groupId, m: memberId });
}

/** The member's summed activity of a batch and, when given, the batch's latest sighting of them. */
export function applyMemberDelta(db: Db, w: ActivityWindow, memberId: number, d: ActivityDelta | undefined, seenLast: number | undefined): void {
  bumpStatements(db).memberDelta.run({ ...deltaParams(w, d ?? NO_DELTA), m: memberId, seenLast: seenLast ?? 0 });
}

interface Bump {
  target: import('better-sqlite3').Statement<[number, string], { sender_id: number | null; flags: number; replies: number }>;
  giveMs: import('better-sqlite3').Statement;
  giveM: import('better-sqlite3').Statement;
  receiveMs: import('better-sqlite3').Statement;
  receiveM: import('better-sqlite3').Statement;
  mentionMs: import('better-sqlite3').Statement;
  mentionM: import('better-sqlite3').Statement;
  groupCount: import('better-sqlite3').Statement;
  membershipDelta: import('better-sqlite3').Statement;
  memberDelta: import('better-sqlite3').Statement;
}
const bumpCache = new WeakMap<Db, Bump>();

function bumpStatements(db: Db): Bump {
  let s = bumpCache.get(db);
  if (s) return s;
  s = {
    // Replies from other people only: a thread starts with the first one.
    target: db.prepare(
      'SELECT sender_id, flags, (SELECT count(*) FROM messages r WHERE r.group_id = t.group_id AND r.reply_to_key = t.source_key AND r.sender_id IS NOT t.sender_id AND r.sender_id IS NOT NULL) AS replies FROM messages t WHERE t.group_id = ? AND t.source_key = ?',
    ),
    giveMs: db.prepare('UPDATE memberships SET replies_given = replies_given + 1, answers_given = answers_given + @answer WHERE group_id = @g AND member_id = @m'),
    giveM: db.prepare('UPDATE members SET replies_given = replies_given + 1, answers_given = answers_given + @answer WHERE id = @m'),
    receiveMs: db.prepare('UPDATE memberships SET replies_received = replies_received + 1, threads_started = threads_started + @first WHERE group_id = @g AND member_id = @m'),
    receiveM: db.prepare('UPDATE members SET replies_received = replies_received + 1, threads_started = threads_started + @first WHERE id = @m'),
    mentionMs: db.prepare('UPDATE memberships SET mentions_received = mentions_received + 1 WHERE group_id = @g AND member_id = @m'),
    mentionM: db.prepare('UPDATE members SET mentions_received = mentions_received + 1 WHERE id = @m'),
    groupCount: db.prepare('UPDATE members SET group_count = (SELECT count(*) FROM memberships WHERE member_id = @m AND left_at IS NULL) WHERE id = @m'),
    membershipDelta: db.prepare(`UPDATE memberships SET ${DELTA_SET} WHERE group_id = @g AND member_id = @m`),
    // The batch's latest sighting of the member rides along: one rewrite of the row. (Name and
    // first-seen changes are written apart, when there are any: they are indexed columns.)
    memberDelta: db.prepare(`UPDATE members SET last_seen_at = max(last_seen_at, @seenLast), ${DELTA_SET} WHERE id = @m`),
  };
  bumpCache.set(db, s);
  return s;
}

/** The windows the live path counts against, read once per ingest call. */
export interface ActivityWindow {
  d7: number;
  d30: number;
  d90: number;
  off: number;
}

export function activityWindow(db: Db): ActivityWindow {
  // Before any rebuild, every message counts (the first rebuild sets the moment).
  const asOf = activityAsOf(db) ?? Number.NEGATIVE_INFINITY;
  const at = Number.isFinite(asOf) ? asOf : Date.now();
  return { d7: asOf - 7 * DAY, d30: asOf - 30 * DAY, d90: asOf - 90 * DAY, off: offsetAt(at) };
}

/** Adds one stored message to its sender's (and the people it replies to or mentions) activity. Runs inside the caller's transaction. */
export function bumpActivity(db: Db, w: ActivityWindow, m: { groupId: number; senderId: number | null; sentAt: number; kind: string; replyToKey: string | null; mentionIds: readonly number[] }): void {
  if (m.senderId !== null && m.kind !== 'system') {
    const d = addToDelta(w, undefined, m.sentAt);
    applyMembershipDelta(db, w, m.groupId, m.senderId, d);
    applyMemberDelta(db, w, m.senderId, d, undefined);
  }
  bumpReplies(db, m);
}

/** What a message does to others: the person it replies to (and the replier), the people it @-mentions. */
export function bumpReplies(db: Db, m: { groupId: number; senderId: number | null; replyToKey: string | null; mentionIds: readonly number[] }): void {
  const s = bumpStatements(db);
  if (m.replyToKey && m.senderId !== null) {
    const t = s.target.get(m.groupId, m.replyToKey);
    if (t && t.sender_id !== null && t.sender_id !== m.senderId) {
      const answer = (t.flags & 8) !== 0 ? 1 : 0;
      s.giveMs.run({ g: m.groupId, m: m.senderId, answer });
      s.giveM.run({ m: m.senderId, answer });
      // Only this reply (just stored) of another person points at the target: the author's first thread.
      const first = t.replies === 1 ? 1 : 0;
      s.receiveMs.run({ g: m.groupId, m: t.sender_id, first });
      s.receiveM.run({ m: t.sender_id, first });
    }
  }
  for (const id of m.mentionIds) {
    if (id === m.senderId) continue;
    s.mentionMs.run({ g: m.groupId, m: id });
    s.mentionM.run({ m: id });
  }
}

/** After memberships were opened or closed: the members' current group counts. */
export function recountMemberGroups(db: Db, memberIds: Iterable<number>): void {
  const s = bumpStatements(db);
  for (const m of memberIds) s.groupCount.run({ m });
}

// SQLite binds no infinities: before any rebuild, a window that starts "before everything".
const finite = (x: number) => (Number.isFinite(x) ? x : -8.64e15);

/**
 * The unified inbox: keyset pages over every group's messages (never OFFSET), search through
 * the FTS5 chunk index, context around a message, read/star/spam state with the groups'
 * maintained unread counters, and the unanswered-questions radar.
 */
import type { GroupClass, Locale, Platform } from '../../../shared/domain/enums';
import type { AutoTag } from '../../../shared/domain/roster';
import type { InboxGroupDto, MessageDto, SenderCardDto } from '../../../shared/domain/message';
import type { ParsedReq } from '../../../shared/api';
import { SEARCH_COUNT_CAP } from '../../../shared/api/inbox';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { appError, t } from '../i18n/messages';
import { getSegment, groupIdsOf } from '../segments';
import { MESSAGE_COLUMNS, MESSAGE_JOINS, getMessageRow, toDtos, type MessageRow } from './messages.repo';
import { highlightRanges, matchesAll, parseQuery } from '../text/search-text';
import { MESSAGE_FLAG } from '../../../shared/domain/message';

export interface InboxDeps {
  db: Db;
  locale: Locale;
  now: () => number;
}

type Filter = ParsedReq<'inbox.list'>['filter'];
interface Page {
  items: MessageDto[];
  next: string | null;
  first: string | null;
}

/** Internal filter: the contract's plus sender ids (from a `from:` search without terms). */
interface Scope extends Filter {
  senderIds?: number[];
}

const ID_MASK = 2147483647;

// ---- cursors -------------------------------------------------------------------------------

function timeCursor(r: { sent_at: number; id: number }): string {
  return `t${r.sent_at}.${r.id}`;
}

function parseTimeCursor(d: InboxDeps, c: string): { at: number; id: number } {
  const m = /^t(-?\d{1,16})\.(\d{1,12})$/.exec(c);
  if (!m) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'inbox.badCursor') });
  return { at: Number(m[1]), id: Number(m[2]) };
}

/** Search cursors name a row of the search index: its time in seconds and the message id. */
function searchCursor(r: { sent_at: number; id: number }): string {
  return `s${Math.floor(Math.max(r.sent_at, 0) / 1000)}.${r.id}`;
}

function parseSearchCursor(d: InboxDeps, c: string): { sec: number; id: number } {
  const m = /^s(\d{1,11})\.(\d{1,10})$/.exec(c);
  if (!m) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'inbox.badCursor') });
  return { sec: Number(m[1]), id: Number(m[2]) };
}

// ---- filters -------------------------------------------------------------------------------

interface Sql {
  where: string[];
  params: Record<string, unknown>;
}

/**
 * WHERE terms for a scope. Group and sender sets are written `+m.group_id IN (...)` (the unary
 * plus keeps SQLite from driving the query by that column): a page walks the time index newest
 * first and stops after `limit` rows, instead of collecting every message of the set and sorting.
 */
function scopeSql(f: Scope, groupIds: number[] | null): Sql {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (groupIds && groupIds.length === 1) {
    where.push('m.group_id = @group');
    params.group = groupIds[0];
  } else if (groupIds) {
    where.push('+m.group_id IN (SELECT value FROM json_each(@groups))');
    params.groups = JSON.stringify(groupIds);
  }
  if (f.senderIds) {
    where.push('+m.sender_id IN (SELECT value FROM json_each(@senders))');
    params.senders = JSON.stringify(f.senderIds);
  }
  // Must read exactly `m.flags & 1` for the partial unread indexes to apply.
  if (f.unreadOnly) where.push('m.flags & 1');
  if (f.questionsOnly) where.push('(m.flags & 8) != 0');
  if (f.starredOnly) where.push('(m.flags & 2) != 0');
  if (f.hasAttachment) where.push('(m.flags & 16) != 0');
  // The sender's tag in the message's own group (a KOL here, not somewhere else).
  if (f.senderTags?.length) {
    where.push('EXISTS (SELECT 1 FROM member_tags t WHERE t.group_id = m.group_id AND t.member_id = m.sender_id AND t.tag IN (SELECT value FROM json_each(@senderTags)))');
    params.senderTags = JSON.stringify(f.senderTags);
  }
  if (!f.includeSpam) where.push('(m.flags & 4) = 0');
  if (f.since) {
    where.push('m.sent_at >= @since');
    params.since = Date.parse(f.since);
  }
  if (f.until) {
    where.push('m.sent_at < @until');
    params.until = Date.parse(f.until);
  }
  return { where, params };
}

/** The group ids a filter names (explicitly, by platform, by class or by a group segment); null when every group counts. */
function resolveGroups(db: Db, f: Scope): number[] | null {
  let ids: number[] | null = f.groupIds?.length ? [...new Set(f.groupIds)] : null;
  const narrow = (allowed: number[]) => {
    const set = new Set(allowed);
    ids = ids ? ids.filter((id) => set.has(id)) : allowed;
  };
  if (f.platforms?.length) narrow((db.prepare('SELECT id FROM groups WHERE platform IN (SELECT value FROM json_each(?))').all(JSON.stringify(f.platforms)) as { id: number }[]).map((r) => r.id));
  if (f.groupClasses?.length) narrow(groupIdsOf(db, { op: 'and', rules: [{ field: 'class', classes: f.groupClasses }] }));
  if (f.groupSegmentId !== undefined) {
    const seg = getSegment(db, f.groupSegmentId);
    // A deleted segment selects nothing (the UI drops it from the filter on the next refresh).
    narrow(seg && seg.definition.target === 'groups' ? groupIdsOf(db, seg.definition.condition) : []);
  }
  return ids;
}

// ---- list ----------------------------------------------------------------------------------

function pageSql(f: Scope, groupIds: number[] | null, cursor: { at: number; id: number } | null, direction: 'older' | 'newer', columns: string) {
  const { where, params } = scopeSql(f, groupIds);
  if (cursor) {
    where.push(direction === 'older' ? '(m.sent_at, m.id) < (@cAt, @cId)' : '(m.sent_at, m.id) > (@cAt, @cId)');
    params.cAt = cursor.at;
    params.cId = cursor.id;
  }
  const order = direction === 'older' ? 'm.sent_at DESC, m.id DESC' : 'm.sent_at ASC, m.id ASC';
  return { sql: `SELECT ${columns} FROM messages m ${MESSAGE_JOINS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT @limit`, params };
}

/** One keyset page of one scope, rows in the requested direction's order. */
function pageRows(db: Db, f: Scope, groupIds: number[] | null, cursor: { at: number; id: number } | null, direction: 'older' | 'newer', limit: number): MessageRow[] {
  const { sql, params } = pageSql(f, groupIds, cursor, direction, MESSAGE_COLUMNS);
  return db.prepare(sql).all({ ...params, limit }) as MessageRow[];
}

/** For query-plan tests: the plan of a list page (a single group's page when the filter names one). */
export function explainList(db: Db, f: Scope, direction: 'older' | 'newer' = 'older'): string[] {
  const groupIds = resolveGroups(db, f);
  const { sql, params } = pageSql(f, groupIds && groupIds.length <= 20 ? groupIds.slice(0, 1) : groupIds, { at: 0, id: 0 }, direction, MESSAGE_COLUMNS);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, limit: 100 }) as { detail: string }[]).map((r) => r.detail);
}

const newestFirst = (a: MessageRow, b: MessageRow) => b.sent_at - a.sent_at || b.id - a.id;

export function listMessages(d: InboxDeps, req: { filter: Scope; cursor: string | null; direction: 'older' | 'newer'; limit: number }): Page {
  const cursor = req.cursor ? parseTimeCursor(d, req.cursor) : null;
  const groupIds = resolveGroups(d.db, req.filter);
  let rows: MessageRow[];
  if (groupIds && groupIds.length === 0) rows = [];
  else if (groupIds && groupIds.length > 1 && groupIds.length <= 20) {
    // A few groups: one indexed page per group, merged. Each group's own index is exact.
    rows = groupIds.flatMap((g) => pageRows(d.db, req.filter, [g], cursor, req.direction, req.limit));
    rows.sort(req.direction === 'older' ? newestFirst : (a, b) => -newestFirst(a, b));
    rows = rows.slice(0, req.limit);
  } else rows = pageRows(d.db, req.filter, groupIds, cursor, req.direction, req.limit);
  const last = rows[rows.length - 1];
  const next = rows.length === req.limit && last ? timeCursor(last) : null;
  const first = rows[0] ? timeCursor(rows[0]) : null;
  // Items are always newest first; cursors stay in the direction of travel.
  if (req.direction === 'newer') rows.reverse();
  return { items: toDtos(d.db, rows), next, first };
}

// ---- search --------------------------------------------------------------------------------

/** Member ids a `from:` value names: display name, any nickname they used, or platform id. */
function sendersNamed(db: Db, who: string): number[] {
  const like = `%${who.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (
    db
      .prepare(
        `SELECT id FROM members WHERE display_name LIKE @like ESCAPE '\\' OR platform_user_id = @who
         UNION SELECT member_id FROM member_names WHERE name LIKE @like ESCAPE '\\' LIMIT 5000`,
      )
      .all({ like, who }) as { id: number }[]
  ).map((r) => r.id);
}

function groupsNamed(db: Db, name: string): number[] {
  const like = `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (db.prepare(`SELECT id FROM groups WHERE name LIKE ? ESCAPE '\\' OR external_id = ? LIMIT 5000`).all(like, name) as { id: number }[]).map((r) => r.id);
}

interface SearchPlan {
  match: string | null;
  terms: string[];
  scope: Scope;
  groupIds: number[] | null;
  empty: boolean;
}

function planSearch(d: InboxDeps, query: string, filter: Filter): SearchPlan {
  const q = parseQuery(query);
  const scope: Scope = { ...filter };
  let empty = false;
  if (q.from) {
    scope.senderIds = sendersNamed(d.db, q.from);
    if (scope.senderIds.length === 0) empty = true;
  }
  const dateOf = (s: string) => {
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00` : s);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  };
  if (q.after) {
    const at = dateOf(q.after);
    if (at && (!scope.since || at > scope.since)) scope.since = at;
  }
  if (q.before) {
    const at = dateOf(q.before);
    if (at && (!scope.until || at < scope.until)) scope.until = at;
  }
  let groupIds = resolveGroups(d.db, scope);
  if (q.group) {
    const named = groupsNamed(d.db, q.group);
    groupIds = groupIds ? groupIds.filter((id) => named.includes(id)) : named;
  }
  if (groupIds && groupIds.length === 0) empty = true;
  return { match: q.match, terms: q.terms, scope, groupIds, empty };
}

function searchSql(plan: SearchPlan, columns: string): { sql: string; params: Record<string, unknown> } {
  const { where, params } = scopeSql(plan.scope, plan.groupIds);
  // Date bounds go on the index key too, so the index itself skips out-of-range rows.
  if (plan.scope.since) {
    where.push('s.rowid >= (@sinceSec << 31)');
    params.sinceSec = Math.floor(Math.max(Date.parse(plan.scope.since), 0) / 1000);
  }
  if (plan.scope.until) {
    where.push('s.rowid < ((@untilSec + 1) << 31)');
    params.untilSec = Math.floor(Math.max(Date.parse(plan.scope.until), 0) / 1000);
  }
  const sql = `SELECT ${columns} FROM message_search s JOIN messages m ON m.id = (s.rowid & ${ID_MASK}) ${MESSAGE_JOINS}
    WHERE message_search MATCH @match ${where.length ? `AND ${where.join(' AND ')}` : ''}`;
  return { sql, params: { ...params, match: plan.match } };
}

export function searchMessages(d: InboxDeps, req: ParsedReq<'search.messages'>): Page & { terms: string[] } {
  const plan = planSearch(d, req.query, req.filter);
  if (plan.empty) return { items: [], next: null, first: null, terms: plan.terms };
  if (!plan.match) {
    // Only filters (from:, group:, dates): the inbox list of that scope.
    if (!plan.scope.senderIds && !plan.groupIds && !plan.scope.since && !plan.scope.until) return { items: [], next: null, first: null, terms: [] };
    if (req.cursor && !req.cursor.startsWith('t')) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'inbox.badCursor') });
    const page = listMessages(d, { filter: { ...plan.scope, groupIds: plan.groupIds ?? undefined, platforms: undefined }, cursor: req.cursor, direction: 'older', limit: req.limit });
    return { ...page, terms: [] };
  }
  const cursor = req.cursor ? parseSearchCursor(d, req.cursor) : null;
  const { sql, params } = searchSql(plan, `${MESSAGE_COLUMNS}`);
  const stmt = d.db.prepare(`${sql} AND s.rowid < ((@cSec << 31) | @cId) ORDER BY s.rowid DESC LIMIT @batch`);
  const accepted: MessageRow[] = [];
  let at = cursor ?? { sec: 2 ** 31 - 1, id: ID_MASK };
  let exhausted = false;
  // The chunk index can line up chunks across punctuation; each candidate is confirmed on its
  // text, and a page keeps reading until it has `limit` confirmed rows or the index ends.
  while (accepted.length < req.limit) {
    const batch = Math.max(50, (req.limit - accepted.length) * 2);
    const rows = stmt.all({ ...params, cSec: at.sec, cId: at.id, batch }) as MessageRow[];
    for (const r of rows) {
      at = { sec: Math.floor(Math.max(r.sent_at, 0) / 1000), id: r.id };
      if (matchesAll(r.text, plan.terms)) accepted.push(r);
      if (accepted.length === req.limit) break;
    }
    if (rows.length < batch) {
      exhausted = accepted.length < req.limit || rows[rows.length - 1]?.id === at.id;
      break;
    }
  }
  const last = accepted[accepted.length - 1];
  const next = !exhausted && last ? searchCursor(last) : null;
  return {
    items: toDtos(d.db, accepted, (r) => highlightRanges(r.text, plan.terms)),
    next,
    first: accepted[0] ? searchCursor(accepted[0]) : null,
    terms: plan.terms,
  };
}

/** For query-plan tests. */
export function explainSearch(d: InboxDeps, query: string, filter: Filter = {}): string[] {
  const plan = planSearch(d, query, filter);
  const { sql, params } = searchSql(plan, 'm.id');
  return (d.db.prepare(`EXPLAIN QUERY PLAN ${sql} ORDER BY s.rowid DESC LIMIT 50`).all(params) as { detail: string }[]).map((r) => r.detail);
}

export function countSearch(d: InboxDeps, req: ParsedReq<'search.count'>): { count: number; capped: boolean } {
  const plan = planSearch(d, req.query, req.filter);
  if (plan.empty || !plan.match) return { count: 0, capped: false };
  const { sql, params } = searchSql(plan, '1');
  const n = (d.db.prepare(`SELECT count(*) AS n FROM (${sql} LIMIT ${SEARCH_COUNT_CAP + 1})`).get(params) as { n: number }).n;
  return { count: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
}

// ---- one message, its context, its sender ------------------------------------------------

function mustRow(d: InboxDeps, id: number): MessageRow {
  const row = getMessageRow(d.db, id);
  if (!row) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.message'), id });
  return row;
}

export function getMessage(d: InboxDeps, id: number): MessageDto {
  return toDtos(d.db, [mustRow(d, id)])[0]!;
}

export function messageContext(d: InboxDeps, id: number, around: number) {
  const row = mustRow(d, id);
  const scope: Scope = { groupIds: [row.group_id], includeSpam: true };
  const before = pageRows(d.db, scope, [row.group_id], { at: row.sent_at, id: row.id }, 'older', around).reverse();
  const after = pageRows(d.db, scope, [row.group_id], { at: row.sent_at, id: row.id }, 'newer', around);
  // The chain of replied-to messages, oldest first (bounded: a cycle in bad data must not loop).
  const chain: MessageRow[] = [];
  const seen = new Set<number>([row.id]);
  for (let cur = row; cur.reply_to_id !== null && chain.length < 50 && !seen.has(cur.reply_to_id); ) {
    seen.add(cur.reply_to_id);
    const parent = getMessageRow(d.db, cur.reply_to_id);
    if (!parent) break;
    chain.unshift(parent);
    cur = parent;
  }
  const replies = d.db
    .prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.group_id = ? AND m.reply_to_key = (SELECT source_key FROM messages WHERE id = ?) ORDER BY m.sent_at, m.id LIMIT 200`)
    .all(row.group_id, row.id) as MessageRow[];
  const [message] = toDtos(d.db, [row]);
  return { message: message!, before: toDtos(d.db, before), after: toDtos(d.db, after), chain: toDtos(d.db, chain), replies: toDtos(d.db, replies) };
}

export function senderCard(d: InboxDeps, memberId: number): SenderCardDto {
  const m = d.db.prepare('SELECT id, platform, platform_user_id, display_name, first_seen_at, last_seen_at FROM members WHERE id = ?').get(memberId) as
    | { id: number; platform: Platform; platform_user_id: string; display_name: string; first_seen_at: number; last_seen_at: number }
    | undefined;
  if (!m) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.member'), id: memberId });
  const groups = d.db
    .prepare('SELECT g.id, g.name, s.role, s.left_at FROM memberships s JOIN groups g ON g.id = s.group_id WHERE s.member_id = ? ORDER BY g.name LIMIT 500')
    .all(memberId) as { id: number; name: string; role: 'owner' | 'admin' | 'member'; left_at: number | null }[];
  const nicknames = (d.db.prepare('SELECT DISTINCT name FROM member_names WHERE member_id = ? ORDER BY last_seen_at DESC LIMIT 50').all(memberId) as { name: string }[]).map((r) => r.name);
  const recent = d.db
    .prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.sender_id = ? ORDER BY m.sent_at DESC LIMIT 10`)
    .all(memberId) as MessageRow[];
  return {
    id: m.id,
    platform: m.platform,
    platformUserId: m.platform_user_id,
    name: m.display_name,
    firstSeenAt: isoRequired(m.first_seen_at),
    lastSeenAt: isoRequired(m.last_seen_at),
    nicknames,
    groups: groups.map((g) => ({ id: g.id, name: g.name, role: g.role, left: g.left_at !== null })),
    recent: toDtos(d.db, recent),
  };
}

// ---- sidebar, read state, flags ------------------------------------------------------------

export function inboxGroups(d: InboxDeps): { groups: InboxGroupDto[]; unread: number } {
  const rows = d.db
    .prepare('SELECT id, name, platform, pinned, unread_count, message_count, last_message_at FROM groups WHERE archived_at IS NULL ORDER BY pinned DESC, platform, last_message_at DESC, name')
    .all() as { id: number; name: string; platform: Platform; pinned: number; unread_count: number; message_count: number; last_message_at: number | null }[];
  let unread = 0;
  const groups = rows.map((r) => {
    unread += r.unread_count;
    return { id: r.id, name: r.name, platform: r.platform, pinned: r.pinned === 1, unread: r.unread_count, messageCount: r.message_count, lastMessageAt: iso(r.last_message_at) };
  });
  return { groups, unread };
}

/** Recounts the unread counters of the given groups from the partial unread index. */
function recountUnread(db: Db, groupIds: Iterable<number>): void {
  const stmt = db.prepare('UPDATE groups SET unread_count = (SELECT count(*) FROM messages m WHERE m.group_id = @id AND m.flags & 1) WHERE id = @id');
  for (const id of groupIds) stmt.run({ id });
}

export function markMessages(d: InboxDeps, req: ParsedReq<'inbox.mark'>): { changed: number; groupIds: number[] } {
  const db = d.db;
  return db.transaction(() => {
    const set = req.read ? 'flags = flags & ~1' : 'flags = flags | 1';
    const pick = req.read ? 'm.flags & 1' : '(m.flags & 1) = 0';
    let changed: number;
    let groupIds: number[];
    if ('ids' in req) {
      const ids = JSON.stringify(req.ids);
      groupIds = (db.prepare(`SELECT DISTINCT m.group_id AS id FROM messages m WHERE m.id IN (SELECT value FROM json_each(?)) AND ${pick}`).all(ids) as { id: number }[]).map((r) => r.id);
      changed = db.prepare(`UPDATE messages AS m SET ${set} WHERE m.id IN (SELECT value FROM json_each(?)) AND ${pick}`).run(ids).changes;
    } else {
      let upTo = '';
      const params: Record<string, unknown> = { group: req.groupId };
      if (req.upToId) {
        const row = mustRow(d, req.upToId);
        upTo = 'AND (m.sent_at, m.id) <= (@at, @id)';
        params.at = row.sent_at;
        params.id = row.id;
      }
      changed = db.prepare(`UPDATE messages AS m SET ${set} WHERE m.group_id = @group AND ${pick} ${upTo}`).run(params).changes;
      groupIds = changed ? [req.groupId] : [];
    }
    recountUnread(db, groupIds);
    return { changed, groupIds };
  }).immediate();
}

export function flagMessages(d: InboxDeps, req: ParsedReq<'inbox.flag'>): { changed: number; groupIds: number[] } {
  const db = d.db;
  return db.transaction(() => {
    const ids = JSON.stringify(req.ids);
    let setBits = 0;
    let clearBits = 0;
    for (const [value, bit] of [
      [req.starred, MESSAGE_FLAG.starred],
      [req.spam, MESSAGE_FLAG.spam],
    ] as const) {
      if (value === true) setBits |= bit;
      if (value === false) clearBits |= bit;
    }
    if (!setBits && !clearBits) return { changed: 0, groupIds: [] };
    const groupIds = (db.prepare('SELECT DISTINCT group_id AS id FROM messages WHERE id IN (SELECT value FROM json_each(?))').all(ids) as { id: number }[]).map((r) => r.id);
    const changed = db
      .prepare('UPDATE messages SET flags = (flags | @set) & ~@clear WHERE id IN (SELECT value FROM json_each(@ids)) AND flags != ((flags | @set) & ~@clear)')
      .run({ set: setBits, clear: clearBits, ids }).changes;
    return { changed, groupIds };
  }).immediate();
}

export function pinGroup(d: InboxDeps, groupId: number, pinned: boolean): void {
  const r = d.db.prepare('UPDATE groups SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, groupId);
  if (r.changes === 0) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.group'), id: groupId });
}

// ---- unanswered questions ------------------------------------------------------------------

/** Where a question matters most: the group's value class first, then who asked. */
const CLASS_RANK = `CASE coalesce(g.class_override, g.class) WHEN 'high-value' THEN 0 WHEN 'general' THEN 1 WHEN 'spam' THEN 3 WHEN 'dead' THEN 4 ELSE 2 END`;
// A KOL's question left hanging is seen by everyone; a newcomer's decides whether they stay.
const ASKER_TAGS = `(SELECT json_group_array(tag) FROM member_tags WHERE group_id = m.group_id AND member_id = m.sender_id)`;
const ASKER_RANK = `(SELECT min(CASE tag WHEN 'kol' THEN 0 WHEN 'new' THEN 1 WHEN 'active' THEN 2 WHEN 'at-risk' THEN 3 ELSE 4 END) FROM member_tags WHERE group_id = m.group_id AND member_id = m.sender_id)`;

/**
 * Questions (flag 8, or any message that @-mentions a staff member) from members who are not
 * staff of the group, older than the answer window, that nobody answered within it. Staff
 * (owner/admin) answer by replying to the question, @-mentioning the asker, or writing without
 * quoting anything (staff often answer that way); a KOL of the group answers only by replying to
 * the question or @-mentioning the asker (KOLs chat about other things too). Ranked by the
 * group's value class (high-value first, dead last), then by the asker's tag in that group (KOL,
 * new, active, at-risk, the rest), then newest first; `sort: 'newest'` drops the ranking.
 */
export function unanswered(d: InboxDeps, req: ParsedReq<'inbox.unanswered'>) {
  const now = d.now();
  const within = req.withinMinutes * 60_000;
  const params: Record<string, unknown> = { since: now - req.days * 86_400_000, latest: now - within, within, limit: req.limit };
  let groupSql = '';
  if (req.groupIds?.length) {
    groupSql = 'AND +m.group_id IN (SELECT value FROM json_each(@groups))';
    params.groups = JSON.stringify(req.groupIds);
  }
  const order = req.sort === 'newest' ? 'm.sent_at DESC, m.id DESC' : `${CLASS_RANK}, ifnull(${ASKER_RANK}, 4), m.sent_at DESC, m.id DESC`;
  const rows = d.db
    .prepare(
      `SELECT ${MESSAGE_COLUMNS}, ifnull(ms.role, 'member') AS asker_role, ${ASKER_TAGS} AS asker_tags, coalesce(g.class_override, g.class) AS group_class
       FROM messages m ${MESSAGE_JOINS}
       LEFT JOIN memberships ms ON ms.group_id = m.group_id AND ms.member_id = m.sender_id
       WHERE m.sent_at >= @since AND m.sent_at <= @latest AND (m.flags & 4) = 0 AND m.sender_id IS NOT NULL
         AND ((m.flags & 8) != 0 OR EXISTS (
           SELECT 1 FROM message_mentions x JOIN memberships sm ON sm.member_id = x.member_id AND sm.group_id = m.group_id AND sm.role IN ('owner', 'admin')
           WHERE x.message_id = m.id))
         AND ifnull(ms.role, 'member') = 'member' AND g.archived_at IS NULL ${groupSql}
         AND NOT EXISTS (
           SELECT 1 FROM messages a
           WHERE a.group_id = m.group_id AND a.sent_at > m.sent_at AND a.sent_at <= m.sent_at + @within AND a.sender_id IS NOT NULL AND a.sender_id != m.sender_id
             AND (a.reply_to_key = m.source_key OR EXISTS (SELECT 1 FROM message_mentions x WHERE x.message_id = a.id AND x.member_id = m.sender_id)
                  OR (a.reply_to_key IS NULL AND EXISTS (SELECT 1 FROM memberships st WHERE st.group_id = a.group_id AND st.member_id = a.sender_id AND st.role IN ('owner', 'admin'))))
             AND (EXISTS (SELECT 1 FROM memberships st WHERE st.group_id = a.group_id AND st.member_id = a.sender_id AND st.role IN ('owner', 'admin'))
                  OR EXISTS (SELECT 1 FROM member_tags k WHERE k.group_id = a.group_id AND k.member_id = a.sender_id AND k.tag = 'kol')))
       ORDER BY ${order} LIMIT @limit`,
    )
    .all(params) as (MessageRow & { asker_role: 'owner' | 'admin' | 'member'; asker_tags: string; group_class: GroupClass | null })[];
  const dtos = toDtos(d.db, rows);
  return {
    items: dtos.map((m, i) => {
      const r = rows[i]!;
      return { ...m, waitingMinutes: Math.floor((now - r.sent_at) / 60_000), askerRole: r.asker_role, askerTags: JSON.parse(r.asker_tags) as AutoTag[], groupClass: r.group_class };
    }),
  };
}

// ---- reply ---------------------------------------------------------------------------------

/** No connector sends yet: a reply is a copy-ready text quoting the message, for the group's own client. */
export function replyText(d: InboxDeps, id: number, text: string) {
  const row = mustRow(d, id);
  const excerpt = Array.from(row.text.replace(/\s+/g, ' ').trim()).slice(0, 40).join('');
  const who = row.sender_name ?? '';
  const quote = d.locale === 'zh-CN' ? `「${who}：${excerpt}${excerpt.length < row.text.trim().length ? '…' : ''}」\n- - - - - - - - - - - - - - -\n` : `"${who}: ${excerpt}${excerpt.length < row.text.trim().length ? '…' : ''}"\n---\n`;
  return { mode: 'manual' as const, copyText: `${row.text.trim() ? quote : ''}${text}`, groupName: row.group_name, platform: row.platform };
}

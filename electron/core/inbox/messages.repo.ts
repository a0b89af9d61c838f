/**
 * Messages as the inbox reads and marks them: one row shape, one converter, keyset pages, the
 * context of a message, read/star/spam bits with the groups' maintained unread counters, the
 * sidebar, sender cards and the unanswered-questions query. Search over the FTS index is in
 * search.repo.ts; the ingest path's statements in ingest.repo.ts.
 */
import type { AttachmentDto, InboxGroupDto, MessageDto } from '../../../shared/domain/message';
import type { GroupClass, MemberRole, MessageKind, Platform } from '../../../shared/domain/enums';
import type { ParsedReq } from '../../../shared/api';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { inJson, jsonList } from '../db/sql';
import { MESSAGE_FLAG } from '../../../shared/domain/message';

export interface MessageRow {
  id: number;
  group_id: number;
  group_name: string;
  platform: Platform;
  sender_id: number | null;
  sender_name: string | null;
  sender_uid: string | null;
  sent_at: number;
  kind: MessageKind;
  text: string;
  reply_to_id: number | null;
  flags: number;
}

/** The columns of MessageRow, for `SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS}`. */
export const MESSAGE_COLUMNS = `m.id, m.group_id, g.name AS group_name, g.platform, m.sender_id, mb.display_name AS sender_name,
  mb.platform_user_id AS sender_uid, m.sent_at, m.kind, m.text, m.flags,
  CASE WHEN m.reply_to_key IS NULL THEN NULL ELSE (SELECT r.id FROM messages r WHERE r.group_id = m.group_id AND r.source_key = m.reply_to_key) END AS reply_to_id`;
export const MESSAGE_JOINS = 'JOIN groups g ON g.id = m.group_id LEFT JOIN members mb ON mb.id = m.sender_id';

export function toMessageDto(r: MessageRow, attachments: AttachmentDto[] = [], highlights: [number, number][] = []): MessageDto {
  return {
    id: r.id,
    groupId: r.group_id,
    groupName: r.group_name,
    platform: r.platform,
    sender: r.sender_id === null ? null : { id: r.sender_id, name: r.sender_name ?? '', platformUserId: r.sender_uid ?? '' },
    sentAt: isoRequired(r.sent_at),
    kind: r.kind,
    text: r.text,
    replyToId: r.reply_to_id,
    unread: (r.flags & MESSAGE_FLAG.unread) !== 0,
    starred: (r.flags & MESSAGE_FLAG.starred) !== 0,
    spam: (r.flags & MESSAGE_FLAG.spam) !== 0,
    question: (r.flags & MESSAGE_FLAG.question) !== 0,
    attachments,
    highlights,
  };
}

/** Attachments of the rows that have any (one query for a page). */
export function attachmentsOf(db: Db, rows: readonly MessageRow[]): Map<number, AttachmentDto[]> {
  const ids = rows.filter((r) => r.flags & MESSAGE_FLAG.attachments).map((r) => r.id);
  const out = new Map<number, AttachmentDto[]>();
  if (ids.length === 0) return out;
  const list = db
    .prepare(`SELECT message_id, kind, ref FROM message_attachments WHERE ${inJson('message_id')} ORDER BY message_id, seq`)
    .all(jsonList(ids)) as { message_id: number; kind: AttachmentDto['kind']; ref: string }[];
  for (const a of list) {
    const cur = out.get(a.message_id);
    if (cur) cur.push({ kind: a.kind, ref: a.ref });
    else out.set(a.message_id, [{ kind: a.kind, ref: a.ref }]);
  }
  return out;
}

export function toDtos(db: Db, rows: readonly MessageRow[], highlights?: (r: MessageRow) => [number, number][]): MessageDto[] {
  const att = attachmentsOf(db, rows);
  return rows.map((r) => toMessageDto(r, att.get(r.id) ?? [], highlights ? highlights(r) : []));
}

export function getMessageRow(db: Db, id: number): MessageRow | undefined {
  return db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.id = ?`).get(id) as MessageRow | undefined;
}

export function getMessageRows(db: Db, ids: readonly number[]): MessageRow[] {
  if (ids.length === 0) return [];
  return db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE ${inJson('m.id')}`).all(jsonList(ids)) as MessageRow[];
}

// ---- scopes and keyset pages -----------------------------------------------------------------

type InboxFilter = ParsedReq<'inbox.list'>['filter'];

/** What a page or a search is narrowed to: the contract's filter plus sender ids (from a `from:` search). */
export interface MessageScope extends InboxFilter {
  senderIds?: number[];
}

export interface ScopeSql {
  where: string[];
  params: Record<string, unknown>;
}

/**
 * WHERE terms for a scope. Group and sender sets are written `+m.group_id IN (...)` (the unary
 * plus keeps SQLite from driving the query by that column): a page walks the time index newest
 * first and stops after `limit` rows, instead of collecting every message of the set and sorting.
 */
export function scopeSql(f: MessageScope, groupIds: number[] | null): ScopeSql {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (groupIds && groupIds.length === 1) {
    where.push('m.group_id = @group');
    params.group = groupIds[0];
  } else if (groupIds) {
    where.push(inJson('+m.group_id', '@groups'));
    params.groups = jsonList(groupIds);
  }
  if (f.senderIds) {
    where.push(inJson('+m.sender_id', '@senders'));
    params.senders = jsonList(f.senderIds);
  }
  // Must read exactly `m.flags & 1` for the partial unread indexes to apply.
  if (f.unreadOnly) where.push(`m.flags & ${MESSAGE_FLAG.unread}`);
  if (f.questionsOnly) where.push(`(m.flags & ${MESSAGE_FLAG.question}) != 0`);
  if (f.starredOnly) where.push(`(m.flags & ${MESSAGE_FLAG.starred}) != 0`);
  if (f.hasAttachment) where.push(`(m.flags & ${MESSAGE_FLAG.attachments}) != 0`);
  // The sender's tag in the message's own group (a KOL here, not somewhere else).
  if (f.senderTags?.length) {
    where.push(`EXISTS (SELECT 1 FROM member_tags t WHERE t.group_id = m.group_id AND t.member_id = m.sender_id AND ${inJson('t.tag', '@senderTags')})`);
    params.senderTags = jsonList(f.senderTags);
  }
  if (!f.includeSpam) where.push(`(m.flags & ${MESSAGE_FLAG.spam}) = 0`);
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

export type TimeCursor = { at: number; id: number };
export type Direction = 'older' | 'newer';

function pageSql(f: MessageScope, groupIds: number[] | null, cursor: TimeCursor | null, direction: Direction) {
  const { where, params } = scopeSql(f, groupIds);
  if (cursor) {
    where.push(direction === 'older' ? '(m.sent_at, m.id) < (@cAt, @cId)' : '(m.sent_at, m.id) > (@cAt, @cId)');
    params.cAt = cursor.at;
    params.cId = cursor.id;
  }
  const order = direction === 'older' ? 'm.sent_at DESC, m.id DESC' : 'm.sent_at ASC, m.id ASC';
  return { sql: `SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT @limit`, params };
}

/** One keyset page of one scope, rows in the requested direction's order. */
export function pageRows(db: Db, f: MessageScope, groupIds: number[] | null, cursor: TimeCursor | null, direction: Direction, limit: number): MessageRow[] {
  const { sql, params } = pageSql(f, groupIds, cursor, direction);
  return db.prepare(sql).all({ ...params, limit }) as MessageRow[];
}

/** The query plan of a page (from a cursor), for query-plan tests. */
export function explainPage(db: Db, f: MessageScope, groupIds: number[] | null, direction: Direction): string[] {
  const { sql, params } = pageSql(f, groupIds, { at: 0, id: 0 }, direction);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, limit: 100 }) as { detail: string }[]).map((r) => r.detail);
}

/** Ids of the groups on these platforms. */
export function groupIdsOnPlatforms(db: Db, platforms: readonly string[]): number[] {
  return (db.prepare(`SELECT id FROM groups WHERE ${inJson('platform')}`).all(jsonList(platforms)) as { id: number }[]).map((r) => r.id);
}

// ---- context and sender ----------------------------------------------------------------------

/** Messages that reply to this one in its group, oldest first (at most 200). */
export function replyRows(db: Db, groupId: number, id: number): MessageRow[] {
  return db
    .prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.group_id = ? AND m.reply_to_key = (SELECT source_key FROM messages WHERE id = ?) ORDER BY m.sent_at, m.id LIMIT 200`)
    .all(groupId, id) as MessageRow[];
}

export interface SenderRow {
  id: number;
  platform: Platform;
  platform_user_id: string;
  display_name: string;
  first_seen_at: number;
  last_seen_at: number;
}

export function getSender(db: Db, memberId: number): SenderRow | undefined {
  return db.prepare('SELECT id, platform, platform_user_id, display_name, first_seen_at, last_seen_at FROM members WHERE id = ?').get(memberId) as SenderRow | undefined;
}

/** The groups a sender belongs (or belonged) to, by name. */
export function senderGroups(db: Db, memberId: number): { id: number; name: string; role: MemberRole; left: boolean }[] {
  const rows = db
    .prepare('SELECT g.id, g.name, s.role, s.left_at FROM memberships s JOIN groups g ON g.id = s.group_id WHERE s.member_id = ? ORDER BY g.name LIMIT 500')
    .all(memberId) as { id: number; name: string; role: MemberRole; left_at: number | null }[];
  return rows.map((g) => ({ id: g.id, name: g.name, role: g.role, left: g.left_at !== null }));
}

/** The names a sender went by, latest first. */
export function senderNicknames(db: Db, memberId: number): string[] {
  return (db.prepare('SELECT DISTINCT name FROM member_names WHERE member_id = ? ORDER BY last_seen_at DESC LIMIT 50').all(memberId) as { name: string }[]).map((r) => r.name);
}

export function recentBySender(db: Db, memberId: number): MessageRow[] {
  return db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.sender_id = ? ORDER BY m.sent_at DESC LIMIT 10`).all(memberId) as MessageRow[];
}

// ---- sidebar, read state, flags --------------------------------------------------------------

interface InboxGroupRow {
  id: number;
  name: string;
  platform: Platform;
  pinned: number;
  unread_count: number;
  message_count: number;
  last_message_at: number | null;
}

const toInboxGroupDto = (r: InboxGroupRow): InboxGroupDto => ({
  id: r.id,
  name: r.name,
  platform: r.platform,
  pinned: r.pinned === 1,
  unread: r.unread_count,
  messageCount: r.message_count,
  lastMessageAt: iso(r.last_message_at),
});

/** The sidebar: active groups, pinned first, with their maintained counters. */
export function inboxGroups(db: Db): InboxGroupDto[] {
  const rows = db
    .prepare('SELECT id, name, platform, pinned, unread_count, message_count, last_message_at FROM groups WHERE archived_at IS NULL ORDER BY pinned DESC, platform, last_message_at DESC, name')
    .all() as InboxGroupRow[];
  return rows.map(toInboxGroupDto);
}

/** Returns how many groups changed (0: no such group). */
export function setGroupPinned(db: Db, groupId: number, pinned: boolean): number {
  return db.prepare('UPDATE groups SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, groupId).changes;
}

/** Recounts the unread counters of the given groups from the partial unread index. */
export function recountUnread(db: Db, groupIds: Iterable<number>): void {
  const stmt = db.prepare(`UPDATE groups SET unread_count = (SELECT count(*) FROM messages m WHERE m.group_id = @id AND m.flags & ${MESSAGE_FLAG.unread}) WHERE id = @id`);
  for (const id of groupIds) stmt.run({ id });
}

// Must read exactly `m.flags & 1` for the partial unread indexes to apply.
const readSet = (read: boolean) => (read ? `flags = flags & ~${MESSAGE_FLAG.unread}` : `flags = flags | ${MESSAGE_FLAG.unread}`);
const readPick = (read: boolean) => (read ? `m.flags & ${MESSAGE_FLAG.unread}` : `(m.flags & ${MESSAGE_FLAG.unread}) = 0`);

/** Groups of the listed messages whose read state would change. */
export function groupsToMark(db: Db, ids: readonly number[], read: boolean): number[] {
  return (db.prepare(`SELECT DISTINCT m.group_id AS id FROM messages m WHERE ${inJson('m.id')} AND ${readPick(read)}`).all(jsonList(ids)) as { id: number }[]).map((r) => r.id);
}

/** Marks the listed messages read or unread; returns how many changed. */
export function markByIds(db: Db, ids: readonly number[], read: boolean): number {
  return db.prepare(`UPDATE messages AS m SET ${readSet(read)} WHERE ${inJson('m.id')} AND ${readPick(read)}`).run(jsonList(ids)).changes;
}

/** Marks a group's messages read or unread, up to and including `upTo` when given; returns how many changed. */
export function markInGroup(db: Db, groupId: number, read: boolean, upTo: TimeCursor | null): number {
  let upToSql = '';
  const params: Record<string, unknown> = { group: groupId };
  if (upTo) {
    upToSql = 'AND (m.sent_at, m.id) <= (@at, @id)';
    params.at = upTo.at;
    params.id = upTo.id;
  }
  return db.prepare(`UPDATE messages AS m SET ${readSet(read)} WHERE m.group_id = @group AND ${readPick(read)} ${upToSql}`).run(params).changes;
}

export function groupsOfMessages(db: Db, ids: readonly number[]): number[] {
  return (db.prepare(`SELECT DISTINCT group_id AS id FROM messages WHERE ${inJson('id')}`).all(jsonList(ids)) as { id: number }[]).map((r) => r.id);
}

/** Sets and clears flag bits on the listed messages; returns how many changed. */
export function setFlagBits(db: Db, ids: readonly number[], set: number, clear: number): number {
  return db
    .prepare(`UPDATE messages SET flags = (flags | @set) & ~@clear WHERE ${inJson('id', '@ids')} AND flags != ((flags | @set) & ~@clear)`)
    .run({ set, clear, ids: jsonList(ids) }).changes;
}

// ---- unanswered questions --------------------------------------------------------------------

/** Where a question matters most: the group's value class first, then who asked. */
const CLASS_RANK = `CASE coalesce(g.class_override, g.class) WHEN 'high-value' THEN 0 WHEN 'general' THEN 1 WHEN 'spam' THEN 3 WHEN 'dead' THEN 4 ELSE 2 END`;
// A KOL's question left hanging is seen by everyone; a newcomer's decides whether they stay.
const ASKER_TAGS = `(SELECT json_group_array(tag) FROM member_tags WHERE group_id = m.group_id AND member_id = m.sender_id)`;
const ASKER_RANK = `(SELECT min(CASE tag WHEN 'kol' THEN 0 WHEN 'new' THEN 1 WHEN 'active' THEN 2 WHEN 'at-risk' THEN 3 ELSE 4 END) FROM member_tags WHERE group_id = m.group_id AND member_id = m.sender_id)`;

export interface UnansweredRow extends MessageRow {
  asker_role: MemberRole;
  /** JSON array of the asker's tags in that group. */
  asker_tags: string;
  group_class: GroupClass | null;
}

export interface UnansweredQuery {
  /** Questions sent in [since, latest]. */
  since: number;
  latest: number;
  /** The answer window, in ms. */
  within: number;
  limit: number;
  groupIds?: readonly number[] | undefined;
  sort: 'priority' | 'newest';
}

/** The query behind inbox.service's `unanswered` (its comment says what counts as an answer). */
export function unansweredRows(db: Db, q: UnansweredQuery): UnansweredRow[] {
  const params: Record<string, unknown> = { since: q.since, latest: q.latest, within: q.within, limit: q.limit };
  let groupSql = '';
  if (q.groupIds?.length) {
    groupSql = `AND ${inJson('+m.group_id', '@groups')}`;
    params.groups = jsonList(q.groupIds);
  }
  const order = q.sort === 'newest' ? 'm.sent_at DESC, m.id DESC' : `${CLASS_RANK}, ifnull(${ASKER_RANK}, 4), m.sent_at DESC, m.id DESC`;
  return db
    .prepare(
      `SELECT ${MESSAGE_COLUMNS}, ifnull(ms.role, 'member') AS asker_role, ${ASKER_TAGS} AS asker_tags, coalesce(g.class_override, g.class) AS group_class
       FROM messages m ${MESSAGE_JOINS}
       LEFT JOIN memberships ms ON ms.group_id = m.group_id AND ms.member_id = m.sender_id
       WHERE m.sent_at >= @since AND m.sent_at <= @latest AND (m.flags & ${MESSAGE_FLAG.spam}) = 0 AND m.sender_id IS NOT NULL
         AND ((m.flags & ${MESSAGE_FLAG.question}) != 0 OR EXISTS (
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
    .all(params) as UnansweredRow[];
}

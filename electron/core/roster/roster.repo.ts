/**
 * The roster's statements: member lists (keyset pages over an index per sort order), one
 * member's detail, bulk actions over a filter, labels, field definitions and values, notes, and
 * the rows of exports and imports. A filter arrives compiled (a `Predicate` over `members m`);
 * what it means is decided in roster.service.ts.
 */
import type { ParsedReq } from '../../../shared/api';
import type { MemberDetailDto } from '../../../shared/api/roster';
import type { Platform } from '../../../shared/domain/enums';
import type { ActivityDto, AutoTag, FieldDefDto, LabelDto, MemberRowDto, MemberTagDto, NoteDto } from '../../../shared/domain/roster';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { inJson, jsonList, LIKE_ESCAPE, likeContains, notInJson } from '../db/sql';
import type { Predicate } from '../segments';

type SortBy = ParsedReq<'roster.list'>['sort']['by'];

const DAY = 86_400_000;

/** The sort key of each order: an expression some index on members is built on. */
export const SORT_KEY: Record<SortBy, string> = {
  name: 'm.display_name',
  lastMessage: 'ifnull(m.last_message_at, 0)',
  n30: 'm.n30',
  messages: 'm.msg_count',
  firstSeen: 'm.first_seen_at',
};

/** A member condition narrowed further: listed ids, ids left out, and a search by name (any known nickname) or exact platform id. */
export function narrowMembers(base: Predicate, f: { ids?: readonly number[] | undefined; excludeIds?: readonly number[] | undefined; query?: string | undefined }): Predicate {
  const sql = [base.sql];
  const params = [...base.params];
  if (f.ids?.length) {
    sql.push(inJson('m.id'));
    params.push(jsonList(f.ids));
  }
  if (f.excludeIds?.length) {
    sql.push(notInJson('m.id'));
    params.push(jsonList(f.excludeIds));
  }
  const q = f.query?.trim();
  if (q) {
    const like = likeContains(q);
    sql.push(`(m.display_name LIKE ? ${LIKE_ESCAPE} OR m.platform_user_id = ? OR EXISTS (SELECT 1 FROM member_names n WHERE n.member_id = m.id AND n.name LIKE ? ${LIKE_ESCAPE}))`);
    params.push(like, q, like);
  }
  return { sql: sql.join(' AND '), params };
}

/** The members listed by id. */
export const memberIds = (ids: readonly number[]): Predicate => ({ sql: inJson('m.id'), params: [jsonList(ids)] });

// ---- lists -----------------------------------------------------------------------------------

export interface MemberRow {
  id: number;
  platform: string;
  platform_user_id: string;
  display_name: string;
  group_count: number;
  msg_count: number;
  n30: number;
  last_message_at: number | null;
  first_seen_at: number;
  sort_key: string | number;
}

const ROW_COLUMNS = 'm.id, m.platform, m.platform_user_id, m.display_name, m.group_count, m.msg_count, m.n30, m.last_message_at, m.first_seen_at';

/** The members a filter selects, in one sort order (then by id, in the same direction). */
export interface MemberOrder {
  where: Predicate;
  by: SortBy;
  desc: boolean;
}

const orderBy = (o: MemberOrder) => {
  const dir = o.desc ? 'DESC' : 'ASC';
  return `ORDER BY ${SORT_KEY[o.by]} ${dir}, m.id ${dir}`;
};

/** The sort key and id of the row `offset` rows in. Only the sort key is read, so the skip walks the sort index. */
export function memberKeyAt(db: Db, o: MemberOrder, offset: number): { sort_key: string | number; id: number } | undefined {
  const key = SORT_KEY[o.by];
  return db.prepare(`SELECT ${key} AS sort_key, m.id FROM members m WHERE ${o.where.sql} ${orderBy(o)} LIMIT 1 OFFSET ?`).get(...o.where.params, offset) as { sort_key: string | number; id: number } | undefined;
}

/** Up to `limit` rows, after the row with this sort key and id when given (a keyset page). */
export function memberPage(db: Db, o: MemberOrder, after: readonly [string | number, number] | null, limit: number): MemberRow[] {
  const key = SORT_KEY[o.by];
  const params = [...o.where.params];
  let cond = '';
  if (after) {
    cond = `AND (${key}, m.id) ${o.desc ? '<' : '>'} (?, ?)`;
    params.push(after[0], after[1]);
  }
  return db.prepare(`SELECT ${ROW_COLUMNS}, ${key} AS sort_key FROM members m WHERE ${o.where.sql} ${cond} ${orderBy(o)} LIMIT ?`).all(...params, limit) as MemberRow[];
}

/** The query plan of a first page of 100. */
export function explainMemberPage(db: Db, o: MemberOrder): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN SELECT ${ROW_COLUMNS} FROM members m WHERE ${o.where.sql} ${orderBy(o)} LIMIT 100`).all(...o.where.params) as { detail: string }[]).map((r) => r.detail);
}

export function countMembers(db: Db, where: Predicate): number {
  return db.prepare(`SELECT count(*) FROM members m WHERE ${where.sql}`).pluck().get(...where.params) as number;
}

/** The order tags are shown in. */
const TAG_ORDER: AutoTag[] = ['kol', 'active', 'new', 'at-risk', 'silent'];

/** Rows as listed, with their tags (in `groupIds`, or all), labels and fields: three queries for the page. */
export function toMemberRowDtos(db: Db, rows: readonly MemberRow[], groupIds: readonly number[] | undefined): MemberRowDto[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const tagRows = db
    .prepare(`SELECT DISTINCT member_id, tag FROM member_tags WHERE ${inJson('member_id')}${groupIds?.length ? ` AND ${inJson('group_id')}` : ''}`)
    .all(...(groupIds?.length ? [ids, jsonList(groupIds)] : [ids])) as { member_id: number; tag: AutoTag }[];
  const labels = db.prepare(`SELECT member_id, label_id FROM member_labels WHERE ${inJson('member_id')} ORDER BY label_id`).all(ids) as { member_id: number; label_id: number }[];
  const fields = db.prepare(`SELECT member_id, key, value FROM member_fields WHERE ${inJson('member_id')}`).all(ids) as { member_id: number; key: string; value: string }[];
  const by = <T extends { member_id: number }>(list: T[]) => {
    const out = new Map<number, T[]>();
    for (const x of list) out.set(x.member_id, [...(out.get(x.member_id) ?? []), x]);
    return out;
  };
  const tagsOf = by(tagRows);
  const labelsOf = by(labels);
  const fieldsOf = by(fields);
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    platformUserId: r.platform_user_id,
    name: r.display_name,
    groupCount: r.group_count,
    tags: TAG_ORDER.filter((tag) => tagsOf.get(r.id)?.some((x) => x.tag === tag)),
    labelIds: (labelsOf.get(r.id) ?? []).map((x) => x.label_id),
    messages: r.msg_count,
    n30: r.n30,
    lastMessageAt: iso(r.last_message_at),
    firstSeenAt: isoRequired(r.first_seen_at),
    fields: Object.fromEntries((fieldsOf.get(r.id) ?? []).map((x) => [x.key, x.value])),
  }));
}

// ---- one member ------------------------------------------------------------------------------

export interface ActivityRow {
  msg_count: number;
  first_message_at: number | null;
  last_message_at: number | null;
  n7: number;
  n30: number;
  n90: number;
  days30: number;
  replies_received: number;
  replies_given: number;
  mentions_received: number;
  answers_given: number;
  threads_started: number;
}

const ACTIVITY_SELECT = (a: string) =>
  `${a}.msg_count, ${a}.first_message_at, ${a}.last_message_at, ${a}.n7, ${a}.n30, ${a}.n90, ${a}.days30, ${a}.replies_received, ${a}.replies_given, ${a}.mentions_received, ${a}.answers_given, ${a}.threads_started`;

export const toActivity = (r: ActivityRow): ActivityDto => ({
  messages: r.msg_count,
  firstMessageAt: iso(r.first_message_at),
  lastMessageAt: iso(r.last_message_at),
  n7: r.n7,
  n30: r.n30,
  n90: r.n90,
  days30: r.days30,
  repliesReceived: r.replies_received,
  repliesGiven: r.replies_given,
  mentionsReceived: r.mentions_received,
  answersGiven: r.answers_given,
  threadsStarted: r.threads_started,
});

export function getMember(db: Db, id: number): (MemberRow & ActivityRow) | undefined {
  return db.prepare(`SELECT ${ROW_COLUMNS}, 0 AS sort_key, ${ACTIVITY_SELECT('m')} FROM members m WHERE m.id = ?`).get(id) as (MemberRow & ActivityRow) | undefined;
}

/** Current memberships first, then by their last message (500 at most). */
export function membershipsOf(db: Db, memberId: number): MemberDetailDto['memberships'] {
  const rows = db
    .prepare(`SELECT s.group_id, g.name, g.platform, s.role, s.joined_at, s.left_at, ${ACTIVITY_SELECT('s')} FROM memberships s JOIN groups g ON g.id = s.group_id WHERE s.member_id = ? ORDER BY s.left_at IS NOT NULL, s.last_message_at DESC, g.name LIMIT 500`)
    .all(memberId) as (ActivityRow & { group_id: number; name: string; platform: Platform; role: 'owner' | 'admin' | 'member'; joined_at: number | null; left_at: number | null })[];
  return rows.map((s) => ({ groupId: s.group_id, groupName: s.name, platform: s.platform, role: s.role, joinedAt: iso(s.joined_at), leftAt: iso(s.left_at), activity: toActivity(s) }));
}

export function tagsOf(db: Db, memberId: number): MemberTagDto[] {
  const rows = db
    .prepare('SELECT t.tag, t.group_id, g.name, t.source, t.evidence FROM member_tags t JOIN groups g ON g.id = t.group_id WHERE t.member_id = ? ORDER BY g.name, t.tag')
    .all(memberId) as { tag: AutoTag; group_id: number; name: string; source: 'auto' | 'manual'; evidence: string }[];
  return rows.map((x): MemberTagDto => ({ tag: x.tag, groupId: x.group_id, groupName: x.name, source: x.source, evidence: JSON.parse(x.evidence) as MemberTagDto['evidence'] }));
}

export function overridesOf(db: Db, memberId: number): MemberDetailDto['overrides'] {
  const rows = db.prepare('SELECT group_id, tag, state FROM member_tag_overrides WHERE member_id = ?').all(memberId) as { group_id: number; tag: AutoTag; state: 'on' | 'off' }[];
  return rows.map((o) => ({ groupId: o.group_id, tag: o.tag, state: o.state }));
}

/** The names the member was seen under, latest first (50 at most). */
export function nicknamesOf(db: Db, memberId: number): MemberDetailDto['nicknames'] {
  const rows = db
    .prepare('SELECT n.name, g.name AS group_name, n.first_seen_at, n.last_seen_at FROM member_names n LEFT JOIN groups g ON g.id = n.group_id WHERE n.member_id = ? ORDER BY n.last_seen_at DESC LIMIT 50')
    .all(memberId) as { name: string; group_name: string | null; first_seen_at: number; last_seen_at: number }[];
  return rows.map((n) => ({ name: n.name, groupName: n.group_name, firstSeenAt: isoRequired(n.first_seen_at), lastSeenAt: isoRequired(n.last_seen_at) }));
}

/** Latest first (200 at most). */
export function notesOf(db: Db, memberId: number): NoteDto[] {
  const rows = db.prepare('SELECT id, text, created_at FROM member_notes WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT 200').all(memberId) as { id: number; text: string; created_at: number }[];
  return rows.map((n): NoteDto => ({ id: n.id, text: n.text, createdAt: isoRequired(n.created_at) }));
}

/** The member's messages per local day (day number after adding `off` to UTC ms) in (from, to]. */
export function messagesPerDay(db: Db, memberId: number, off: number, from: number, to: number): Map<number, number> {
  const rows = db
    .prepare(`SELECT CAST((sent_at + ?) / ${DAY} AS INTEGER) AS day, count(*) AS n FROM messages WHERE sender_id = ? AND sent_at > ? AND sent_at <= ? AND kind != 'system' GROUP BY day`)
    .all(off, memberId, from, to) as { day: number; n: number }[];
  return new Map(rows.map((r) => [r.day, r.n]));
}

export function memberExists(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM members WHERE id = ?').get(id) !== undefined;
}

// ---- bulk actions over a selection -----------------------------------------------------------

/** Labels every selected member; how many rows were added. */
export function labelMembers(db: Db, labelId: number, now: number, where: Predicate): number {
  return db.prepare(`INSERT INTO member_labels (member_id, label_id, set_at) SELECT m.id, ?, ? FROM members m WHERE ${where.sql} ON CONFLICT DO NOTHING`).run(labelId, now, ...where.params).changes;
}

export function unlabelMembers(db: Db, labelId: number, where: Predicate): number {
  return db.prepare(`DELETE FROM member_labels WHERE label_id = ? AND member_id IN (SELECT m.id FROM members m WHERE ${where.sql})`).run(labelId, ...where.params).changes;
}

export function clearMembersField(db: Db, key: string, where: Predicate): number {
  return db.prepare(`DELETE FROM member_fields WHERE key = ? AND member_id IN (SELECT m.id FROM members m WHERE ${where.sql})`).run(key, ...where.params).changes;
}

/** Sets the field on every selected member; counts only the rows whose value changed. */
export function setMembersField(db: Db, key: string, value: string, where: Predicate): number {
  return db
    .prepare(`INSERT INTO member_fields (member_id, key, value) SELECT m.id, ?, ? FROM members m WHERE ${where.sql} ON CONFLICT (member_id, key) DO UPDATE SET value = excluded.value WHERE value != excluded.value`)
    .run(key, value, ...where.params).changes;
}

// ---- labels ----------------------------------------------------------------------------------

export function listLabels(db: Db): LabelDto[] {
  return db.prepare('SELECT l.id, l.name, l.color, (SELECT count(*) FROM member_labels x WHERE x.label_id = l.id) AS members FROM labels l ORDER BY l.name').all() as LabelDto[];
}

export function labelExists(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM labels WHERE id = ?').get(id) !== undefined;
}

/** Case-insensitive. */
export function labelIdByName(db: Db, name: string): number | undefined {
  return db.prepare('SELECT id FROM labels WHERE name = ? COLLATE NOCASE').pluck().get(name) as number | undefined;
}

export function insertLabel(db: Db, name: string, color: string, now: number): number {
  return Number(db.prepare('INSERT INTO labels (name, color, created_at) VALUES (?, ?, ?)').run(name, color, now).lastInsertRowid);
}

export function updateLabel(db: Db, id: number, name: string, color: string): void {
  db.prepare('UPDATE labels SET name = ?, color = ? WHERE id = ?').run(name, color, id);
}

export function deleteLabel(db: Db, id: number): void {
  db.prepare('DELETE FROM labels WHERE id = ?').run(id);
}

/** Gives label `into` to everyone who has label `from` (keeping when they got it). */
export function copyLabelMembers(db: Db, from: number, into: number): void {
  db.prepare('INSERT INTO member_labels (member_id, label_id, set_at) SELECT member_id, ?, set_at FROM member_labels WHERE label_id = ? ON CONFLICT DO NOTHING').run(into, from);
}

// ---- fields and notes ------------------------------------------------------------------------

export function listFields(db: Db): FieldDefDto[] {
  return (db.prepare('SELECT key, label, kind, options, builtin FROM field_defs ORDER BY position, key').all() as { key: string; label: string; kind: 'text' | 'choice'; options: string; builtin: number }[]).map((f) => ({
    key: f.key,
    label: f.label,
    kind: f.kind,
    options: JSON.parse(f.options) as string[],
    builtin: f.builtin === 1,
  }));
}

export function updateFieldDef(db: Db, key: string, label: string, kind: 'text' | 'choice', options: readonly string[]): void {
  db.prepare('UPDATE field_defs SET label = ?, kind = ?, options = ? WHERE key = ?').run(label, kind, JSON.stringify(options), key);
}

/** A custom field, placed after every other. */
export function insertFieldDef(db: Db, key: string, label: string, kind: 'text' | 'choice', options: readonly string[]): void {
  db.prepare('INSERT INTO field_defs (key, label, kind, options, builtin, position) VALUES (?, ?, ?, ?, 0, (SELECT ifnull(max(position), 0) + 1 FROM field_defs))').run(key, label, kind, JSON.stringify(options));
}

export function deleteFieldDef(db: Db, key: string): void {
  db.prepare('DELETE FROM field_defs WHERE key = ?').run(key);
}

export function deleteMemberField(db: Db, memberId: number, key: string): void {
  db.prepare('DELETE FROM member_fields WHERE member_id = ? AND key = ?').run(memberId, key);
}

export function upsertMemberField(db: Db, memberId: number, key: string, value: string): void {
  db.prepare('INSERT INTO member_fields (member_id, key, value) VALUES (?, ?, ?) ON CONFLICT (member_id, key) DO UPDATE SET value = excluded.value').run(memberId, key, value);
}

export function insertNote(db: Db, memberId: number, text: string, now: number): number {
  return Number(db.prepare('INSERT INTO member_notes (member_id, text, created_at, updated_at) VALUES (?, ?, ?, ?)').run(memberId, text, now, now).lastInsertRowid);
}

/** False when there was no such note. */
export function deleteNote(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM member_notes WHERE id = ?').run(id).changes > 0;
}

// ---- export and import -----------------------------------------------------------------------

export interface ExportRow {
  id: number;
  platform: string;
  platform_user_id: string;
  display_name: string;
  group_count: number;
  msg_count: number;
  n7: number;
  n30: number;
  n90: number;
  days30: number;
  replies_received: number;
  mentions_received: number;
  answers_given: number;
  last_message_at: number | null;
  first_seen_at: number;
  /** The distinct tags (in `tagGroupIds`, or all), comma-separated. */
  tags: string | null;
  /** The label names, joined with '、'. */
  labels: string | null;
  /** A JSON object of the field values. */
  fields: string;
  sort_key: string | number;
}

/** Rows in pages (keyset, 2,000 at a time): no statement stays open while the file is written. */
export function* exportRows(db: Db, o: MemberOrder, tagGroupIds: readonly number[] | undefined): Generator<ExportRow> {
  const key = SORT_KEY[o.by];
  const dir = o.desc ? 'DESC' : 'ASC';
  const tagGroups = tagGroupIds?.length ? `AND ${inJson('t.group_id')}` : '';
  const tagParams = tagGroupIds?.length ? [jsonList(tagGroupIds)] : [];
  const where = o.where;
  const sql = (after: boolean) => `SELECT m.id, m.platform, m.platform_user_id, m.display_name, m.group_count, m.msg_count, m.n7, m.n30, m.n90, m.days30,
      m.replies_received, m.mentions_received, m.answers_given, m.last_message_at, m.first_seen_at, ${key} AS sort_key,
      (SELECT group_concat(tag) FROM (SELECT DISTINCT t.tag FROM member_tags t WHERE t.member_id = m.id ${tagGroups})) AS tags,
      (SELECT group_concat(l.name, '、') FROM member_labels x JOIN labels l ON l.id = x.label_id WHERE x.member_id = m.id) AS labels,
      (SELECT json_group_object(f.key, f.value) FROM member_fields f WHERE f.member_id = m.id) AS fields
    FROM members m WHERE ${where.sql} ${after ? `AND (${key}, m.id) ${o.desc ? '<' : '>'} (?, ?)` : ''}
    ORDER BY ${key} ${dir}, m.id ${dir} LIMIT 2000`;
  const first = db.prepare(sql(false));
  const next = db.prepare(sql(true));
  let page = first.all(...tagParams, ...where.params) as ExportRow[];
  while (page.length) {
    yield* page;
    const last = page[page.length - 1]!;
    page = page.length < 2000 ? [] : (next.all(...tagParams, ...where.params, last.sort_key, last.id) as ExportRow[]);
  }
}

/** The statements a roster import runs per row, prepared once for the whole file. */
export interface RosterImportStatements {
  /** The members with this platform id (on this platform, when given). */
  membersByPlatformId(platformUserId: string, platform: string): number[];
  fieldValue(memberId: number, key: string): string | undefined;
  setField(memberId: number, key: string, value: string): void;
  hasLabel(memberId: number, labelId: number): boolean;
  addLabel(memberId: number, labelId: number, now: number): void;
  labelIdByName(name: string): number | undefined;
}

export function prepareRosterImport(db: Db): RosterImportStatements {
  const find = db.prepare('SELECT id FROM members WHERE platform_user_id = ?').pluck();
  const findOn = db.prepare('SELECT id FROM members WHERE platform_user_id = ? AND platform = ?').pluck();
  const current = db.prepare('SELECT value FROM member_fields WHERE member_id = ? AND key = ?').pluck();
  const setField = db.prepare('INSERT INTO member_fields (member_id, key, value) VALUES (?, ?, ?) ON CONFLICT (member_id, key) DO UPDATE SET value = excluded.value');
  const hasLabel = db.prepare('SELECT 1 FROM member_labels WHERE member_id = ? AND label_id = ?');
  const addLabel = db.prepare('INSERT OR IGNORE INTO member_labels (member_id, label_id, set_at) VALUES (?, ?, ?)');
  const findLabel = db.prepare('SELECT id FROM labels WHERE name = ? COLLATE NOCASE').pluck();
  return {
    membersByPlatformId: (puid, platform) => (platform ? findOn.all(puid, platform) : find.all(puid)) as number[],
    fieldValue: (memberId, key) => current.get(memberId, key) as string | undefined,
    setField: (memberId, key, value) => {
      setField.run(memberId, key, value);
    },
    hasLabel: (memberId, labelId) => hasLabel.get(memberId, labelId) !== undefined,
    addLabel: (memberId, labelId, now) => {
      addLabel.run(memberId, labelId, now);
    },
    labelIdByName: (name) => findLabel.get(name) as number | undefined,
  };
}

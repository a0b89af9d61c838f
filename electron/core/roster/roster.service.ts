/**
 * The roster: members (one per platform identity) across groups, with their activity, tags,
 * labels, fields and notes. Lists are keyset pages over an index per sort order; filters are
 * one member condition (services/segments.service.ts), so the table, counts, bulk actions and
 * exports select exactly the same members.
 */
import type { ParsedReq } from '../../../shared/api';
import type { MemberDetailDto } from '../../../shared/api/roster';
import type { Locale, Platform } from '../../../shared/domain/enums';
import type { ActivityDto, AutoTag, FieldDefDto, LabelDto, MemberRowDto, MemberTagDto, NoteDto } from '../../../shared/domain/roster';
import type { MemberCondition, MemberRule } from '../../../shared/domain/segment';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { appError, t } from '../i18n/messages';
import { activityAsOf } from './activity.service';
import { senderCard } from '../inbox';
import { getSegment, memberPredicate, type Predicate } from '../segments';

export interface RosterDeps {
  db: Db;
  locale: Locale;
  now: () => number;
}

type Filter = ParsedReq<'roster.list'>['filter'];
type Sort = ParsedReq<'roster.list'>['sort'];

const DAY = 86_400_000;

/** The sort key of each order: an expression some index on members is built on. */
export const SORT_KEY: Record<Sort['by'], string> = {
  name: 'm.display_name',
  lastMessage: 'ifnull(m.last_message_at, 0)',
  n30: 'm.n30',
  messages: 'm.msg_count',
  firstSeen: 'm.first_seen_at',
};

/** The filter as one condition (AND of its parts); a segment's condition is one part. */
export function filterCondition(d: RosterDeps, f: Filter): MemberCondition {
  const rules: (MemberRule | MemberCondition)[] = [];
  if (f.groupIds?.length) rules.push({ field: 'group', groupIds: f.groupIds });
  if (f.tags?.length) rules.push({ field: 'tag', tags: f.tags, ...(f.groupIds?.length ? { groupIds: f.groupIds } : {}) });
  if (f.labelIds?.length) rules.push({ field: 'label', labelIds: f.labelIds });
  if (f.platforms?.length) rules.push({ field: 'platform', platforms: f.platforms });
  if (f.segmentId !== undefined) {
    const s = getSegment(d.db, f.segmentId);
    if (!s || s.definition.target !== 'members') throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.segment'), id: f.segmentId });
    rules.push(s.definition.condition);
  }
  if (f.condition) rules.push(f.condition);
  return { op: 'and', rules };
}

/** The WHERE clause of a filter over `members m`. */
export function filterPredicate(d: RosterDeps, f: Filter): Predicate {
  const p = memberPredicate(filterCondition(d, f));
  const sql = [p.sql];
  const params = [...p.params];
  if (f.ids?.length) {
    sql.push('m.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(f.ids));
  }
  if (f.excludeIds?.length) {
    sql.push('m.id NOT IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(f.excludeIds));
  }
  const q = f.query?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    sql.push(`(m.display_name LIKE ? ESCAPE '\\' OR m.platform_user_id = ? OR EXISTS (SELECT 1 FROM member_names n WHERE n.member_id = m.id AND n.name LIKE ? ESCAPE '\\'))`);
    params.push(like, q, like);
  }
  return { sql: sql.join(' AND '), params };
}

interface MemberRow {
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

function encodeCursor(key: string | number, id: number): string {
  return JSON.stringify([key, id]);
}

function decodeCursor(d: RosterDeps, cursor: string): [string | number, number] {
  try {
    const v = JSON.parse(cursor) as unknown;
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && Number.isInteger(v[1])) return [v[0], v[1] as number];
  } catch {
    // falls through to the error
  }
  throw appError(d.locale, 'BAD_REQUEST', { detail: 'cursor' });
}

/** Tags (in the filter's groups, or all), labels and fields of a page of members. */
function decorate(d: RosterDeps, rows: MemberRow[], groupIds: readonly number[] | undefined): MemberRowDto[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const tagRows = d.db
    .prepare(
      `SELECT DISTINCT member_id, tag FROM member_tags WHERE member_id IN (SELECT value FROM json_each(?))${groupIds?.length ? ' AND group_id IN (SELECT value FROM json_each(?))' : ''}`,
    )
    .all(...(groupIds?.length ? [ids, JSON.stringify(groupIds)] : [ids])) as { member_id: number; tag: AutoTag }[];
  const labels = d.db.prepare('SELECT member_id, label_id FROM member_labels WHERE member_id IN (SELECT value FROM json_each(?)) ORDER BY label_id').all(ids) as { member_id: number; label_id: number }[];
  const fields = d.db.prepare('SELECT member_id, key, value FROM member_fields WHERE member_id IN (SELECT value FROM json_each(?))').all(ids) as { member_id: number; key: string; value: string }[];
  const by = <T extends { member_id: number }>(list: T[]) => {
    const out = new Map<number, T[]>();
    for (const x of list) out.set(x.member_id, [...(out.get(x.member_id) ?? []), x]);
    return out;
  };
  const tagsOf = by(tagRows);
  const labelsOf = by(labels);
  const fieldsOf = by(fields);
  const order: AutoTag[] = ['kol', 'active', 'new', 'at-risk', 'silent'];
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    platformUserId: r.platform_user_id,
    name: r.display_name,
    groupCount: r.group_count,
    tags: order.filter((tag) => tagsOf.get(r.id)?.some((x) => x.tag === tag)),
    labelIds: (labelsOf.get(r.id) ?? []).map((x) => x.label_id),
    messages: r.msg_count,
    n30: r.n30,
    lastMessageAt: iso(r.last_message_at),
    firstSeenAt: isoRequired(r.first_seen_at),
    fields: Object.fromEntries((fieldsOf.get(r.id) ?? []).map((x) => [x.key, x.value])),
  }));
}

export function listMembers(d: RosterDeps, req: ParsedReq<'roster.list'>): { items: MemberRowDto[]; next: string | null; start: string | null } {
  const where = filterPredicate(d, req.filter);
  const key = SORT_KEY[req.sort.by];
  const desc = req.sort.dir === 'desc';
  const dir = desc ? 'DESC' : 'ASC';
  const order = `ORDER BY ${key} ${dir}, m.id ${dir}`;
  let start = req.cursor;
  if (!start && req.at > 0) {
    // A jump: the row just before `at` names the page's start. Only the sort key is read, so
    // the skip walks the sort index and never decorates the rows it passes.
    const before = d.db.prepare(`SELECT ${key} AS sort_key, m.id FROM members m WHERE ${where.sql} ${order} LIMIT 1 OFFSET ?`).get(...where.params, req.at - 1) as
      | { sort_key: string | number; id: number }
      | undefined;
    if (!before) return { items: [], next: null, start: null };
    start = encodeCursor(before.sort_key, before.id);
  }
  const params = [...where.params];
  let after = '';
  if (start) {
    const [k, id] = decodeCursor(d, start);
    after = `AND (${key}, m.id) ${desc ? '<' : '>'} (?, ?)`;
    params.push(k, id);
  }
  const rows = d.db.prepare(`SELECT ${ROW_COLUMNS}, ${key} AS sort_key FROM members m WHERE ${where.sql} ${after} ${order} LIMIT ?`).all(...params, req.limit + 1) as MemberRow[];
  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  const last = page[page.length - 1];
  return { items: decorate(d, page, req.filter.groupIds), next: more && last ? encodeCursor(last.sort_key, last.id) : null, start: start ?? null };
}

export function explainListMembers(d: RosterDeps, filter: Filter, sort: Sort): string[] {
  const where = filterPredicate(d, filter);
  const key = SORT_KEY[sort.by];
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  return (d.db.prepare(`EXPLAIN QUERY PLAN SELECT ${ROW_COLUMNS} FROM members m WHERE ${where.sql} ORDER BY ${key} ${dir}, m.id ${dir} LIMIT 100`).all(...where.params) as { detail: string }[]).map((r) => r.detail);
}

export function countMembers(d: RosterDeps, filter: Filter): number {
  const where = filterPredicate(d, filter);
  return d.db.prepare(`SELECT count(*) FROM members m WHERE ${where.sql}`).pluck().get(...where.params) as number;
}

// ---- one member ------------------------------------------------------------------------------

interface ActivityRow {
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

const toActivity = (r: ActivityRow): ActivityDto => ({
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

export function memberDetail(d: RosterDeps, id: number): MemberDetailDto {
  const row = d.db.prepare(`SELECT ${ROW_COLUMNS}, 0 AS sort_key, ${ACTIVITY_SELECT('m')} FROM members m WHERE m.id = ?`).get(id) as (MemberRow & ActivityRow) | undefined;
  if (!row) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.member'), id });
  const memberships = d.db
    .prepare(`SELECT s.group_id, g.name, g.platform, s.role, s.joined_at, s.left_at, ${ACTIVITY_SELECT('s')} FROM memberships s JOIN groups g ON g.id = s.group_id WHERE s.member_id = ? ORDER BY s.left_at IS NOT NULL, s.last_message_at DESC, g.name LIMIT 500`)
    .all(id) as (ActivityRow & { group_id: number; name: string; platform: Platform; role: 'owner' | 'admin' | 'member'; joined_at: number | null; left_at: number | null })[];
  const tags = d.db
    .prepare('SELECT t.tag, t.group_id, g.name, t.source, t.evidence FROM member_tags t JOIN groups g ON g.id = t.group_id WHERE t.member_id = ? ORDER BY g.name, t.tag')
    .all(id) as { tag: AutoTag; group_id: number; name: string; source: 'auto' | 'manual'; evidence: string }[];
  const overrides = d.db.prepare('SELECT group_id, tag, state FROM member_tag_overrides WHERE member_id = ?').all(id) as { group_id: number; tag: AutoTag; state: 'on' | 'off' }[];
  const nicknames = d.db
    .prepare('SELECT n.name, g.name AS group_name, n.first_seen_at, n.last_seen_at FROM member_names n LEFT JOIN groups g ON g.id = n.group_id WHERE n.member_id = ? ORDER BY n.last_seen_at DESC LIMIT 50')
    .all(id) as { name: string; group_name: string | null; first_seen_at: number; last_seen_at: number }[];
  const notes = d.db.prepare('SELECT id, text, created_at FROM member_notes WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT 200').all(id) as { id: number; text: string; created_at: number }[];
  // Local days, as the operator reads a calendar.
  const now = d.now();
  const off = -new Date(now).getTimezoneOffset() * 60_000;
  const today = Math.floor((now + off) / DAY);
  const perDay = new Map(
    (
      d.db
        .prepare(`SELECT CAST((sent_at + ?) / ${DAY} AS INTEGER) AS day, count(*) AS n FROM messages WHERE sender_id = ? AND sent_at > ? AND sent_at <= ? AND kind != 'system' GROUP BY day`)
        .all(off, id, (today - 89) * DAY - off, now) as { day: number; n: number }[]
    ).map((r) => [r.day, r.n]),
  );
  const sparkline = Array.from({ length: 90 }, (_, i) => {
    const day = today - 89 + i;
    return { day: new Date(day * DAY).toISOString().slice(0, 10), messages: perDay.get(day) ?? 0 };
  });
  const [member] = decorate(d, [row], undefined);
  const asOf = activityAsOf(d.db);
  return {
    member: member!,
    activity: toActivity(row),
    nicknames: nicknames.map((n) => ({ name: n.name, groupName: n.group_name, firstSeenAt: isoRequired(n.first_seen_at), lastSeenAt: isoRequired(n.last_seen_at) })),
    memberships: memberships.map((s) => ({ groupId: s.group_id, groupName: s.name, platform: s.platform, role: s.role, joinedAt: iso(s.joined_at), leftAt: iso(s.left_at), activity: toActivity(s) })),
    tags: tags.map((x): MemberTagDto => ({ tag: x.tag, groupId: x.group_id, groupName: x.name, source: x.source, evidence: JSON.parse(x.evidence) as MemberTagDto['evidence'] })),
    overrides: overrides.map((o) => ({ groupId: o.group_id, tag: o.tag, state: o.state })),
    sparkline,
    recent: senderCard(d, id).recent,
    notes: notes.map((n): NoteDto => ({ id: n.id, text: n.text, createdAt: isoRequired(n.created_at) })),
    asOf: iso(asOf),
  };
}

// ---- bulk actions ----------------------------------------------------------------------------

function targetPredicate(d: RosterDeps, targets: ParsedReq<'roster.bulk'>['targets']): Predicate {
  if ('ids' in targets) return { sql: 'm.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(targets.ids)] };
  return filterPredicate(d, targets.filter);
}

export function bulk(d: RosterDeps, req: ParsedReq<'roster.bulk'>): { changed: number } {
  const where = targetPredicate(d, req.targets);
  const a = req.action;
  return d.db.transaction(() => {
    if (a.type === 'label') {
      if (!d.db.prepare('SELECT 1 FROM labels WHERE id = ?').get(a.labelId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.label'), id: a.labelId });
      if (a.on)
        return { changed: d.db.prepare(`INSERT INTO member_labels (member_id, label_id, set_at) SELECT m.id, ?, ? FROM members m WHERE ${where.sql} ON CONFLICT DO NOTHING`).run(a.labelId, d.now(), ...where.params).changes };
      return { changed: d.db.prepare(`DELETE FROM member_labels WHERE label_id = ? AND member_id IN (SELECT m.id FROM members m WHERE ${where.sql})`).run(a.labelId, ...where.params).changes };
    }
    const f = fieldDef(d, a.key);
    if (a.value) checkValue(d, f, a.value);
    if (a.value === null || a.value === '') return { changed: d.db.prepare(`DELETE FROM member_fields WHERE key = ? AND member_id IN (SELECT m.id FROM members m WHERE ${where.sql})`).run(a.key, ...where.params).changes };
    return {
      changed: d.db
        .prepare(`INSERT INTO member_fields (member_id, key, value) SELECT m.id, ?, ? FROM members m WHERE ${where.sql} ON CONFLICT (member_id, key) DO UPDATE SET value = excluded.value WHERE value != excluded.value`)
        .run(a.key, a.value, ...where.params).changes,
    };
  }).immediate();
}

// ---- labels ----------------------------------------------------------------------------------

export function listLabels(db: Db): LabelDto[] {
  return db.prepare('SELECT l.id, l.name, l.color, (SELECT count(*) FROM member_labels x WHERE x.label_id = l.id) AS members FROM labels l ORDER BY l.name').all() as LabelDto[];
}

function label(d: RosterDeps, id: number): LabelDto {
  const l = listLabels(d.db).find((x) => x.id === id);
  if (!l) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.label'), id });
  return l;
}

export function saveLabel(d: RosterDeps, req: ParsedReq<'roster.saveLabel'>): LabelDto {
  const clash = d.db.prepare('SELECT id FROM labels WHERE name = ? COLLATE NOCASE').pluck().get(req.name) as number | undefined;
  if (clash !== undefined && clash !== req.id) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'roster.labelExists', { name: req.name }) });
  if (req.id === undefined) return label(d, Number(d.db.prepare('INSERT INTO labels (name, color, created_at) VALUES (?, ?, ?)').run(req.name, req.color, d.now()).lastInsertRowid));
  label(d, req.id);
  d.db.prepare('UPDATE labels SET name = ?, color = ? WHERE id = ?').run(req.name, req.color, req.id);
  return label(d, req.id);
}

export function deleteLabel(d: RosterDeps, id: number): void {
  label(d, id);
  d.db.prepare('DELETE FROM labels WHERE id = ?').run(id);
}

export function mergeLabels(d: RosterDeps, from: number, into: number): LabelDto {
  label(d, from);
  label(d, into);
  if (from === into) return label(d, into);
  d.db.transaction(() => {
    d.db.prepare('INSERT INTO member_labels (member_id, label_id, set_at) SELECT member_id, ?, set_at FROM member_labels WHERE label_id = ? ON CONFLICT DO NOTHING').run(into, from);
    d.db.prepare('DELETE FROM labels WHERE id = ?').run(from);
  })();
  return label(d, into);
}

/** Finds a label by name (case-insensitive) or creates it: for imports. */
export function ensureLabel(db: Db, name: string, now: number): { id: number; created: boolean } {
  const id = db.prepare('SELECT id FROM labels WHERE name = ? COLLATE NOCASE').pluck().get(name) as number | undefined;
  if (id !== undefined) return { id, created: false };
  return { id: Number(db.prepare('INSERT INTO labels (name, color, created_at) VALUES (?, ?, ?)').run(name, 'blue', now).lastInsertRowid), created: true };
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

function fieldDef(d: RosterDeps, key: string): FieldDefDto {
  const f = listFields(d.db).find((x) => x.key === key);
  if (!f) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.field'), id: key });
  return f;
}

/** Validates a value against its field: a choice field takes one of its options. */
function checkValue(d: RosterDeps, f: FieldDefDto, value: string): void {
  if (f.kind === 'choice' && !f.options.includes(value)) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'roster.badChoice', { value, options: f.options.join(', ') }) });
}

export function saveField(d: RosterDeps, req: ParsedReq<'roster.saveField'>): FieldDefDto {
  const existing = listFields(d.db).find((x) => x.key === req.key);
  if (existing?.builtin) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'roster.builtinField', { key: req.key }) });
  const options = JSON.stringify(req.kind === 'choice' ? req.options : []);
  if (existing) d.db.prepare('UPDATE field_defs SET label = ?, kind = ?, options = ? WHERE key = ?').run(req.label, req.kind, options, req.key);
  else d.db.prepare('INSERT INTO field_defs (key, label, kind, options, builtin, position) VALUES (?, ?, ?, ?, 0, (SELECT ifnull(max(position), 0) + 1 FROM field_defs))').run(req.key, req.label, req.kind, options);
  return fieldDef(d, req.key);
}

export function deleteField(d: RosterDeps, key: string): void {
  const f = fieldDef(d, key);
  if (f.builtin) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'roster.builtinField', { key }) });
  d.db.prepare('DELETE FROM field_defs WHERE key = ?').run(key);
}

export function setFields(d: RosterDeps, memberId: number, values: Record<string, string | null>): void {
  if (!d.db.prepare('SELECT 1 FROM members WHERE id = ?').get(memberId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.member'), id: memberId });
  const defs = new Map(listFields(d.db).map((f) => [f.key, f]));
  d.db.transaction(() => {
    for (const [key, value] of Object.entries(values)) {
      const f = defs.get(key);
      if (!f) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.field'), id: key });
      if (value === null || value === '') {
        d.db.prepare('DELETE FROM member_fields WHERE member_id = ? AND key = ?').run(memberId, key);
        continue;
      }
      checkValue(d, f, value);
      d.db.prepare('INSERT INTO member_fields (member_id, key, value) VALUES (?, ?, ?) ON CONFLICT (member_id, key) DO UPDATE SET value = excluded.value').run(memberId, key, value);
    }
  })();
}

export function addNote(d: RosterDeps, memberId: number, text: string): NoteDto {
  if (!d.db.prepare('SELECT 1 FROM members WHERE id = ?').get(memberId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.member'), id: memberId });
  const now = d.now();
  const id = Number(d.db.prepare('INSERT INTO member_notes (member_id, text, created_at, updated_at) VALUES (?, ?, ?, ?)').run(memberId, text, now, now).lastInsertRowid);
  return { id, text, createdAt: isoRequired(now) };
}

export function deleteNote(d: RosterDeps, id: number): void {
  if (d.db.prepare('DELETE FROM member_notes WHERE id = ?').run(id).changes === 0) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.note'), id });
}

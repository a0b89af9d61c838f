/**
 * The roster: members (one per platform identity) across groups, with their activity, tags,
 * labels, fields and notes. Lists are keyset pages over an index per sort order; filters are
 * one member condition (segments/), so the table, counts, bulk actions and exports select
 * exactly the same members. The statements are in roster.repo.ts.
 */
import type { ParsedReq } from '../../../shared/api';
import type { MemberDetailDto } from '../../../shared/api/roster';
import type { FieldDefDto, LabelDto, MemberRowDto, NoteDto } from '../../../shared/domain/roster';
import type { MemberCondition, MemberRule } from '../../../shared/domain/segment';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { appError, t } from '../i18n/messages';
import type { ServiceDeps } from '../service-deps';
import { activityAsOf } from './activity.service';
import * as repo from './roster.repo';
import { senderCard } from '../inbox';
import { getSegment, memberPredicate, type Predicate } from '../segments';

export { listFields, listLabels, SORT_KEY } from './roster.repo';

type Filter = ParsedReq<'roster.list'>['filter'];
type Sort = ParsedReq<'roster.list'>['sort'];

const DAY = 86_400_000;

/** The filter as one condition (AND of its parts); a segment's condition is one part. */
export function filterCondition(d: ServiceDeps, f: Filter): MemberCondition {
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
export function filterPredicate(d: ServiceDeps, f: Filter): Predicate {
  return repo.narrowMembers(memberPredicate(filterCondition(d, f)), f);
}

/** The members a filter selects, in a sort order. */
export const memberOrder = (d: ServiceDeps, f: Filter, sort: Sort): repo.MemberOrder => ({ where: filterPredicate(d, f), by: sort.by, desc: sort.dir === 'desc' });

function encodeCursor(key: string | number, id: number): string {
  return JSON.stringify([key, id]);
}

function decodeCursor(d: ServiceDeps, cursor: string): [string | number, number] {
  try {
    const v = JSON.parse(cursor) as unknown;
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && Number.isInteger(v[1])) return [v[0], v[1] as number];
  } catch {
    // falls through to the error
  }
  throw appError(d.locale, 'BAD_REQUEST', { detail: 'cursor' });
}

export function listMembers(d: ServiceDeps, req: ParsedReq<'roster.list'>): { items: MemberRowDto[]; next: string | null; start: string | null } {
  const order = memberOrder(d, req.filter, req.sort);
  let start = req.cursor;
  if (!start && req.at > 0) {
    // A jump: the row just before `at` names the page's start. Only the sort key is read, so
    // the skip walks the sort index and never decorates the rows it passes.
    const before = repo.memberKeyAt(d.db, order, req.at - 1);
    if (!before) return { items: [], next: null, start: null };
    start = encodeCursor(before.sort_key, before.id);
  }
  const rows = repo.memberPage(d.db, order, start ? decodeCursor(d, start) : null, req.limit + 1);
  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  const last = page[page.length - 1];
  return { items: repo.toMemberRowDtos(d.db, page, req.filter.groupIds), next: more && last ? encodeCursor(last.sort_key, last.id) : null, start: start ?? null };
}

export function explainListMembers(d: ServiceDeps, filter: Filter, sort: Sort): string[] {
  return repo.explainMemberPage(d.db, memberOrder(d, filter, sort));
}

export function countMembers(d: ServiceDeps, filter: Filter): number {
  return repo.countMembers(d.db, filterPredicate(d, filter));
}

// ---- one member ------------------------------------------------------------------------------

export function memberDetail(d: ServiceDeps, id: number): MemberDetailDto {
  const row = repo.getMember(d.db, id);
  if (!row) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.member'), id });
  const memberships = repo.membershipsOf(d.db, id);
  const tags = repo.tagsOf(d.db, id);
  const overrides = repo.overridesOf(d.db, id);
  const nicknames = repo.nicknamesOf(d.db, id);
  const notes = repo.notesOf(d.db, id);
  const asOf = activityAsOf(d.db);
  // The 90 days up to the tags' moment (so the chart shows what the tags were computed from), or
  // up to the member's last message when that is older: an old export still shows its people.
  let end = asOf ?? d.now();
  if (row.last_message_at !== null && row.last_message_at < end - 89 * DAY) end = row.last_message_at;
  // Local days, as the operator reads a calendar.
  const off = -new Date(end).getTimezoneOffset() * 60_000;
  const lastDay = Math.floor((end + off) / DAY);
  const perDay = repo.messagesPerDay(d.db, id, off, (lastDay - 89) * DAY - off, end);
  const sparkline = Array.from({ length: 90 }, (_, i) => {
    const day = lastDay - 89 + i;
    return { day: new Date(day * DAY).toISOString().slice(0, 10), messages: perDay.get(day) ?? 0 };
  });
  const [member] = repo.toMemberRowDtos(d.db, [row], undefined);
  return {
    member: member!,
    activity: repo.toActivity(row),
    nicknames,
    memberships,
    tags,
    overrides,
    sparkline,
    recent: senderCard(d, id).recent,
    notes,
    asOf: iso(asOf),
  };
}

// ---- bulk actions ----------------------------------------------------------------------------

function targetPredicate(d: ServiceDeps, targets: ParsedReq<'roster.bulk'>['targets']): Predicate {
  if ('ids' in targets) return repo.memberIds(targets.ids);
  return filterPredicate(d, targets.filter);
}

export function bulk(d: ServiceDeps, req: ParsedReq<'roster.bulk'>): { changed: number } {
  const where = targetPredicate(d, req.targets);
  const a = req.action;
  return d.db.transaction(() => {
    if (a.type === 'label') {
      if (!repo.labelExists(d.db, a.labelId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.label'), id: a.labelId });
      if (a.on) return { changed: repo.labelMembers(d.db, a.labelId, d.now(), where) };
      return { changed: repo.unlabelMembers(d.db, a.labelId, where) };
    }
    const f = fieldDef(d, a.key);
    if (a.value) checkValue(d, f, a.value);
    if (a.value === null || a.value === '') return { changed: repo.clearMembersField(d.db, a.key, where) };
    return { changed: repo.setMembersField(d.db, a.key, a.value, where) };
  }).immediate();
}

// ---- labels ----------------------------------------------------------------------------------

function label(d: ServiceDeps, id: number): LabelDto {
  const l = repo.listLabels(d.db).find((x) => x.id === id);
  if (!l) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.label'), id });
  return l;
}

export function saveLabel(d: ServiceDeps, req: ParsedReq<'roster.saveLabel'>): LabelDto {
  const clash = repo.labelIdByName(d.db, req.name);
  if (clash !== undefined && clash !== req.id) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'roster.labelExists', { name: req.name }) });
  if (req.id === undefined) return label(d, repo.insertLabel(d.db, req.name, req.color, d.now()));
  label(d, req.id);
  repo.updateLabel(d.db, req.id, req.name, req.color);
  return label(d, req.id);
}

export function deleteLabel(d: ServiceDeps, id: number): void {
  label(d, id);
  repo.deleteLabel(d.db, id);
}

export function mergeLabels(d: ServiceDeps, from: number, into: number): LabelDto {
  label(d, from);
  label(d, into);
  if (from === into) return label(d, into);
  d.db.transaction(() => {
    repo.copyLabelMembers(d.db, from, into);
    repo.deleteLabel(d.db, from);
  })();
  return label(d, into);
}

/** Finds a label by name (case-insensitive) or creates it: for imports. */
export function ensureLabel(db: Db, name: string, now: number): { id: number; created: boolean } {
  const id = repo.labelIdByName(db, name);
  if (id !== undefined) return { id, created: false };
  return { id: repo.insertLabel(db, name, 'blue', now), created: true };
}

// ---- fields and notes ------------------------------------------------------------------------

function fieldDef(d: ServiceDeps, key: string): FieldDefDto {
  const f = repo.listFields(d.db).find((x) => x.key === key);
  if (!f) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.field'), id: key });
  return f;
}

/** Validates a value against its field: a choice field takes one of its options. */
function checkValue(d: ServiceDeps, f: FieldDefDto, value: string): void {
  if (f.kind === 'choice' && !f.options.includes(value)) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'roster.badChoice', { value, options: f.options.join(', ') }) });
}

export function saveField(d: ServiceDeps, req: ParsedReq<'roster.saveField'>): FieldDefDto {
  const existing = repo.listFields(d.db).find((x) => x.key === req.key);
  if (existing?.builtin) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'roster.builtinField', { key: req.key }) });
  const options = req.kind === 'choice' ? req.options : [];
  if (existing) repo.updateFieldDef(d.db, req.key, req.label, req.kind, options);
  else repo.insertFieldDef(d.db, req.key, req.label, req.kind, options);
  return fieldDef(d, req.key);
}

export function deleteField(d: ServiceDeps, key: string): void {
  const f = fieldDef(d, key);
  if (f.builtin) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'roster.builtinField', { key }) });
  repo.deleteFieldDef(d.db, key);
}

export function setFields(d: ServiceDeps, memberId: number, values: Record<string, string | null>): void {
  if (!repo.memberExists(d.db, memberId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.member'), id: memberId });
  const defs = new Map(repo.listFields(d.db).map((f) => [f.key, f]));
  d.db.transaction(() => {
    for (const [key, value] of Object.entries(values)) {
      const f = defs.get(key);
      if (!f) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.field'), id: key });
      if (value === null || value === '') {
        repo.deleteMemberField(d.db, memberId, key);
        continue;
      }
      checkValue(d, f, value);
      repo.upsertMemberField(d.db, memberId, key, value);
    }
  })();
}

export function addNote(d: ServiceDeps, memberId: number, text: string): NoteDto {
  if (!repo.memberExists(d.db, memberId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.member'), id: memberId });
  const now = d.now();
  const id = repo.insertNote(d.db, memberId, text, now);
  return { id, text, createdAt: isoRequired(now) };
}

export function deleteNote(d: ServiceDeps, id: number): void {
  if (!repo.deleteNote(d.db, id)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.note'), id });
}

/**
 * The content calendar's rules: columns and their slots, entries and their life (idea → draft →
 * approved → its broadcast at the slot → sent / partly sent; or skipped, or missed), the views'
 * counts, and the scheduler's step that turns due entries into broadcasts.
 *
 * Slots are computed, never stored: a column's RRULE expanded in the operator's zone over the
 * range asked for, its groups resolved now (a segment re-read each time, so a group that joins the
 * segment mid-month counts from then on, and the broadcast made at a slot takes the segment as it
 * is at that moment).
 */
import type { CalendarFilter, CalendarSettings, ColumnDto, EntryDto, LaneRowDto, MonthDayDto, SlotDto } from '../../../shared/api/calendar';
import type { ParsedReq } from '../../../shared/api';
import type { PlanDto } from '../../../shared/api/broadcasts';
import type { CalendarReminderEvent } from '../../../shared/events';
import type { EntryStatus, SlotPattern } from '../../../shared/domain/calendar';
import type { ColumnStarter } from '../../../shared/api/calendar';
import { AppError } from '../../../shared/errors';
import { capsOf, checkConfirmed, createBroadcast, getBroadcastSettings, groupBasics, hasError, mustGetImage, planBroadcast, resolveTargets, targetCountsOf, type BroadcastDeps, type Targeting } from '../broadcasts';
import { iso, isoRequired } from '../clock';
import { getMeta, setMeta } from '../db/meta.repo';
import { appError, t } from '../i18n/messages';
import { log } from '../log';
import { getSegment } from '../segments';
import { systemTimeZone, zoneOffset } from '../time-zone';
import * as repo from './calendar.repo';
import { instantOf, isTimeZone, localDay, occurrences, toRRule } from './recurrence';
import { starterColumns as starters } from './starter-columns';

export type CalendarDeps = BroadcastDeps;

const DAY = 86_400_000;
const MIN = 60_000;
/** An approved entry whose slot passed more than this while the app was closed is missed, not sent late. */
export const SEND_GRACE_MS = 2 * 3_600_000;
/** The longest range a view asks for (a month view shows up to six weeks). */
const MAX_RANGE_DAYS = 62;
const ONE_OFF_COLOR = '#8c8c8c';

// ---------------------------------------------------------------- settings

export const DEFAULT_SCORE_HOURS = 6;

export function getCalendarSettings(d: Pick<CalendarDeps, 'db'>): CalendarSettings {
  const raw = getMeta(d.db, 'calendar_settings');
  const s = raw ? (JSON.parse(raw) as Partial<CalendarSettings>) : {};
  const zone = s.timeZone && isTimeZone(s.timeZone) ? s.timeZone : systemTimeZone();
  return { timeZone: zone, scoreHours: s.scoreHours ?? DEFAULT_SCORE_HOURS };
}

export function setCalendarSettings(d: CalendarDeps, s: CalendarSettings): CalendarSettings {
  if (!isTimeZone(s.timeZone)) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'settings.timeZone', message: t(d.locale, 'calendar.badZone', { zone: s.timeZone }) }]);
  setMeta(d.db, 'calendar_settings', JSON.stringify(s));
  return getCalendarSettings(d);
}

const zoneOf = (d: CalendarDeps): string => getCalendarSettings(d).timeZone;

/** Broadcast deps whose quiet hours, local days and {{date}} follow the calendar's zone at `at`. */
const inZone = (d: CalendarDeps, zone: string, at: number): CalendarDeps => ({ ...d, utcOffsetMin: Math.round(zoneOffset(at, zone) / MIN) });

// ---------------------------------------------------------------- days

/** Midnight starting `day` (YYYY-MM-DD) in the zone. */
export function dayStart(day: string, zone: string): number {
  return instantOf(Date.parse(`${day}T00:00:00Z`), zone);
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let x = from; x <= to; x = nextDay(x)) out.push(x);
  return out;
}

function rangeOf(d: CalendarDeps, from: string, to: string, zone: string): { start: number; end: number; days: string[] } {
  const days = daysOf(from, to);
  if (days.length > MAX_RANGE_DAYS) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'to', message: t(d.locale, 'calendar.rangeTooLong', { days: MAX_RANGE_DAYS }) }]);
  return { start: dayStart(from, zone), end: dayStart(nextDay(to), zone), days };
}

// ---------------------------------------------------------------- columns

const rruleOf = (p: SlotPattern): string => toRRule(p.kind === 'every-n-weeks' ? { ...p, start: '1970-01-05' } : p);

function slotsOf(c: repo.ColumnRow, zone: string, from: number, to: number): number[] {
  if (c.paused) return [];
  return occurrences(c.rrule, zone, from, to, c.start_day);
}

function mustGetColumn(d: CalendarDeps, id: number): repo.ColumnRow {
  const c = repo.getColumnRow(d.db, id);
  if (!c) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.column'), id });
  return c;
}

/** The groups a targeting reaches now, or none when it names a segment that is gone. */
function groupsOf(d: CalendarDeps, targeting: Targeting): number[] {
  try {
    return resolveTargets(d, targeting);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return [];
    throw e;
  }
}

function nextSlot(c: repo.ColumnRow, zone: string, after: number): number | null {
  if (c.paused) return null;
  // Widening windows: most columns recur within days, and expanding a year of slots is not free.
  for (const days of [3, 40, 400]) {
    const at = occurrences(c.rrule, zone, after + 1, after + days * DAY, c.start_day)[0];
    if (at !== undefined) return at;
  }
  return null;
}

function toColumnDto(d: CalendarDeps, c: repo.ColumnRow, zone: string, segmentNames: Map<number, string>): ColumnDto {
  const target = JSON.parse(c.targeting) as Targeting;
  return {
    id: c.id,
    name: c.name,
    color: c.color,
    target: target as ColumnDto['target'],
    segmentName: target.segmentId !== undefined ? (segmentNames.get(target.segmentId) ?? null) : null,
    pattern: JSON.parse(c.pattern) as SlotPattern,
    rrule: c.rrule,
    startDay: c.start_day,
    template: { format: c.format, title: c.title, body: c.body },
    owner: c.owner,
    autoSend: c.auto_send === 1,
    paused: c.paused === 1,
    groups: groupsOf(d, target).length,
    nextAt: iso(nextSlot(c, zone, d.now())),
    createdAt: isoRequired(c.created_at),
    updatedAt: isoRequired(c.updated_at),
  };
}

function segmentNamesOf(d: CalendarDeps, rows: readonly repo.ColumnRow[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of rows) {
    const id = (JSON.parse(r.targeting) as Targeting).segmentId;
    if (id === undefined || out.has(id)) continue;
    const s = getSegment(d.db, id);
    if (s) out.set(id, s.name);
  }
  return out;
}

export function listColumns(d: CalendarDeps): ColumnDto[] {
  const zone = zoneOf(d);
  const rows = repo.listColumnRows(d.db);
  const names = segmentNamesOf(d, rows);
  return rows.map((r) => toColumnDto(d, r, zone, names));
}

export function getColumn(d: CalendarDeps, id: number): ColumnDto {
  const r = mustGetColumn(d, id);
  return toColumnDto(d, r, zoneOf(d), segmentNamesOf(d, [r]));
}

export function saveColumn(d: CalendarDeps, req: ParsedReq<'calendar.saveColumn'>): ColumnDto {
  const zone = zoneOf(d);
  const id = d.db.transaction(() => {
    const clash = repo.columnIdNamed(d.db, req.name);
    if (clash !== undefined && clash !== req.id) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'calendar.columnExists', { name: req.name }) });
    const before = req.id !== undefined ? mustGetColumn(d, req.id) : undefined;
    const targeting = req.target as Targeting;
    // A segment that is not a group segment, or a group that does not exist, is the operator's to fix now.
    resolveTargets(d, targeting);
    const row: repo.ColumnWrite = {
      name: req.name,
      color: req.color,
      targeting: JSON.stringify(targeting),
      pattern: JSON.stringify(req.pattern),
      rrule: rruleOf(req.pattern),
      start_day: req.startDay ?? localDay(d.now(), zone),
      format: req.template.format,
      title: req.template.title,
      body: req.template.body,
      owner: req.owner,
      auto_send: req.autoSend ? 1 : 0,
      paused: req.paused ? 1 : 0,
    };
    if (!before) return repo.insertColumn(d.db, row, d.now());
    // New slots, a resumed column or auto-send switched on: nothing before now is made up.
    const reset = before.rrule !== row.rrule || before.start_day !== row.start_day || (before.paused === 1 && !req.paused) || (before.auto_send === 0 && req.autoSend);
    repo.updateColumn(d.db, before.id, row, d.now(), reset);
    return before.id;
  }).immediate();
  return getColumn(d, id);
}

export function deleteColumn(d: CalendarDeps, id: number): { deleted: number; entriesRemoved: number } {
  return d.db.transaction(() => {
    mustGetColumn(d, id);
    return repo.deleteColumn(d.db, id);
  }).immediate();
}

export function starterColumns(d: Pick<CalendarDeps, 'locale'>): ColumnStarter[] {
  return starters(d.locale);
}

// ---------------------------------------------------------------- entries

/** What happened to an entry, its broadcast's targets read when it has one. */
export function statusOf(row: Pick<repo.EntryRow, 'status' | 'broadcast_id'>, counts: Record<string, number> | undefined): EntryStatus {
  if (row.broadcast_id === null) return row.status;
  const c = counts ?? {};
  const n = (...keys: string[]) => keys.reduce((s, k) => s + (c[k] ?? 0), 0);
  if (n('queued', 'sending', 'uncertain', 'manual-pending', 'awaiting-owner') > 0) return 'sending';
  if (n('failed', 'skipped', 'cancelled') === 0) return 'sent';
  return 'partly-sent';
}

interface EntryContext {
  zone: string;
  counts: Map<number, Record<string, number>>;
  columns: Map<number, repo.ColumnRow>;
  columnGroups: Map<number, number[]>;
  groupNames: Map<number, string>;
}

function contextFor(d: CalendarDeps, rows: readonly repo.EntryRow[], zone = zoneOf(d)): EntryContext {
  const bids = rows.map((r) => r.broadcast_id).filter((x): x is number => x !== null);
  const solos = [...new Set(rows.map((r) => r.solo_group_id).filter((x): x is number => x !== null))];
  return {
    zone,
    counts: bids.length ? targetCountsOf(d.db, bids) : new Map(),
    columns: new Map(repo.listColumnRows(d.db).map((c) => [c.id, c])),
    columnGroups: new Map(),
    groupNames: new Map(solos.length ? groupBasics(d.db, solos).map((g) => [g.id, g.name]) : []),
  };
}

function columnGroups(d: CalendarDeps, ctx: EntryContext, columnId: number): number[] {
  let g = ctx.columnGroups.get(columnId);
  if (!g) {
    const c = ctx.columns.get(columnId);
    g = c ? groupsOf(d, JSON.parse(c.targeting) as Targeting) : [];
    ctx.columnGroups.set(columnId, g);
  }
  return g;
}

/** The targeting an entry's broadcast uses: its own, its one group, or its column's minus the groups with their own entry in the slot. */
export function entryTargeting(d: CalendarDeps, row: repo.EntryRow, column: repo.ColumnRow | undefined): Targeting | null {
  if (row.solo_group_id !== null) return { groupIds: [row.solo_group_id] };
  if (row.targeting !== null) return JSON.parse(row.targeting) as Targeting;
  if (!column) return null;
  const base = JSON.parse(column.targeting) as Targeting;
  const solos = repo.soloGroupsOfSlot(d.db, column.id, row.at, row.id);
  return solos.length ? { ...base, excludeGroupIds: [...(base.excludeGroupIds ?? []), ...solos] } : base;
}

function groupCountOf(d: CalendarDeps, ctx: EntryContext, row: repo.EntryRow): number {
  if (row.broadcast_id !== null) return Object.values(ctx.counts.get(row.broadcast_id) ?? {}).reduce((s, n) => s + n, 0);
  if (row.solo_group_id !== null) return 1;
  if (row.targeting !== null) return groupsOf(d, JSON.parse(row.targeting) as Targeting).length;
  if (row.column_id === null) return 0;
  const solos = repo.soloGroupsOfSlot(d.db, row.column_id, row.at, row.id);
  const all = columnGroups(d, ctx, row.column_id);
  return solos.length ? all.filter((g) => !solos.includes(g)).length : all.length;
}

function toEntryDto(d: CalendarDeps, ctx: EntryContext, r: repo.EntryRow): EntryDto {
  const target: Targeting | null = r.solo_group_id !== null ? { groupIds: [r.solo_group_id] } : r.targeting !== null ? (JSON.parse(r.targeting) as Targeting) : null;
  return {
    id: r.id,
    columnId: r.column_id,
    columnName: r.column_name,
    color: r.color,
    at: isoRequired(r.at),
    day: localDay(r.at, ctx.zone),
    target: target as EntryDto['target'],
    groupName: r.solo_group_id !== null ? (ctx.groupNames.get(r.solo_group_id) ?? null) : null,
    groups: groupCountOf(d, ctx, r),
    status: statusOf(r, r.broadcast_id !== null ? ctx.counts.get(r.broadcast_id) : undefined),
    missedReason: r.status === 'missed' ? r.missed_reason : null,
    format: r.format,
    title: r.title,
    body: r.body,
    imageId: r.image_id,
    owner: r.owner,
    note: r.note,
    broadcastId: r.broadcast_id,
    delivery: r.broadcast_id !== null ? (ctx.counts.get(r.broadcast_id) ?? {}) : {},
    createdAt: isoRequired(r.created_at),
    updatedAt: isoRequired(r.updated_at),
  };
}

function mustGetEntry(d: CalendarDeps, id: number): repo.EntryRow {
  const r = repo.getEntryRow(d.db, id);
  if (!r) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.entry'), id });
  return r;
}

export function getEntry(d: CalendarDeps, id: number): EntryDto {
  const r = mustGetEntry(d, id);
  return toEntryDto(d, contextFor(d, [r]), r);
}

const editable = (r: repo.EntryRow): boolean => r.broadcast_id === null && (r.status === 'idea' || r.status === 'draft');
const conflict = (d: CalendarDeps, key: string, params: Record<string, string | number> = {}) => appError(d.locale, 'CONFLICT', { detail: t(d.locale, key, params) });

/** One entry per column slot for all its groups, and one per group in a slot. */
function checkSlotFree(d: CalendarDeps, columnId: number | null, at: number, soloGroup: number | null, ownTargeting: boolean, exceptId: number): void {
  if (columnId === null || ownTargeting) return;
  if (soloGroup !== null) {
    if (repo.soloGroupsOfSlot(d.db, columnId, at, exceptId).includes(soloGroup)) throw conflict(d, 'calendar.slotTakenGroup');
  } else if (repo.mainEntryOfSlot(d.db, columnId, at, exceptId) !== undefined) throw conflict(d, 'calendar.slotTaken');
}

export function saveEntry(d: CalendarDeps, req: ParsedReq<'calendar.saveEntry'>): EntryDto {
  const id = d.db.transaction(() => {
    const before = req.id !== undefined ? mustGetEntry(d, req.id) : undefined;
    if (before && !editable(before)) throw conflict(d, 'calendar.notEditable');
    const column = req.columnId !== undefined ? mustGetColumn(d, req.columnId) : undefined;
    if (!column && !req.target) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'target', message: t(d.locale, 'calendar.entryNeedsGroups') }]);
    if (req.imageId !== undefined) mustGetImage(d, req.imageId);
    const target = req.target as Targeting | undefined;
    // With a column, one group named is that group's own version of the slot.
    const solo = column && target?.groupIds?.length === 1 && !target.excludeGroupIds?.length ? target.groupIds[0]! : null;
    const own = target !== undefined && solo === null;
    if (target) resolveTargets(d, target);
    const at = Date.parse(req.at);
    checkSlotFree(d, column?.id ?? null, at, solo, own, before?.id ?? 0);
    const row: repo.EntryWrite = {
      column_id: column?.id ?? null,
      column_name: column?.name ?? '',
      color: column?.color ?? ONE_OFF_COLOR,
      at,
      targeting: own ? JSON.stringify(target) : null,
      solo_group_id: solo,
      status: req.status,
      format: req.format,
      title: req.title,
      body: req.body,
      image_id: req.imageId ?? null,
      owner: req.owner,
      note: req.note,
    };
    if (!before) return repo.insertEntry(d.db, row, d.now());
    repo.updateEntry(d.db, before.id, row, d.now());
    return before.id;
  }).immediate();
  return getEntry(d, id);
}

function planInput(d: CalendarDeps, r: repo.EntryRow, at: number) {
  const column = r.column_id !== null ? repo.getColumnRow(d.db, r.column_id) : undefined;
  const targeting = entryTargeting(d, r, column) ?? { groupIds: [] };
  return {
    name: r.column_name ? `${r.column_name} · ${localDay(r.at, zoneOf(d))}` : t(d.locale, 'calendar.oneOffName', { day: localDay(r.at, zoneOf(d)) }),
    format: r.format,
    ...(r.title ? { title: r.title } : {}),
    body: r.body,
    targeting,
    at,
    ...(r.image_id !== null ? { imageId: r.image_id } : {}),
    caps: capsOf(getBroadcastSettings(d.db)),
  };
}

/** The broadcast the entry would make at its slot (per-group preview, checks, caps); nothing stored. */
export function planEntry(d: CalendarDeps, id: number): PlanDto {
  const r = mustGetEntry(d, id);
  const zone = zoneOf(d);
  const at = Math.max(r.at, d.now());
  const plan = planBroadcast(inZone(d, zone, at), planInput(d, r, at));
  return { at: isoRequired(plan.at), targets: plan.targets.map((p) => ({ ...p, plannedAt: iso(p.plannedAt) })), summary: plan.summary, confirmOver: getBroadcastSettings(d.db).confirmOver };
}

/** Checks the entry as broadcasts.create would at its slot: a text, groups, nobody over a cap, the second confirmation. */
function checkSendable(d: CalendarDeps, r: repo.EntryRow, confirmTargets: number | 'confirmed' | undefined): void {
  if (!r.body.trim()) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'body', message: t(d.locale, 'calendar.needsText') }]);
  const zone = zoneOf(d);
  const input = planInput(d, r, r.at);
  const plan = planBroadcast(inZone(d, zone, r.at), input);
  if (plan.targets.length === 0) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'targeting', message: t(d.locale, 'broadcast.noTargets') }]);
  const tooLong = plan.targets.filter((x) => x.decision !== 'skip' && hasError(x.checks)).length;
  if (tooLong) {
    const message = t(d.locale, 'broadcast.tooLong', { count: tooLong });
    throw new AppError('VALIDATION', message, [{ path: 'body', message }]);
  }
  // A move keeps the approval the operator already confirmed.
  if (confirmTargets !== 'confirmed') checkConfirmed(d, input.targeting, confirmTargets);
}

export function approveEntry(d: CalendarDeps, id: number, confirmTargets: number | undefined): EntryDto {
  d.db.transaction(() => {
    const r = mustGetEntry(d, id);
    if (r.status === 'approved' && r.broadcast_id === null) return;
    if (!editable(r)) throw conflict(d, 'calendar.notEditable');
    if (r.at <= d.now()) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'at', message: t(d.locale, 'calendar.slotPassed') }]);
    checkSendable(d, r, confirmTargets);
    repo.setEntryStatus(d.db, id, 'approved', null, d.now());
  }).immediate();
  return getEntry(d, id);
}

export function unapproveEntry(d: CalendarDeps, id: number): EntryDto {
  d.db.transaction(() => {
    const r = mustGetEntry(d, id);
    if (r.broadcast_id !== null || r.status !== 'approved') throw conflict(d, 'calendar.notApproved');
    repo.setEntryStatus(d.db, id, 'draft', null, d.now());
  }).immediate();
  return getEntry(d, id);
}

export function skipEntry(d: CalendarDeps, id: number): EntryDto {
  d.db.transaction(() => {
    const r = mustGetEntry(d, id);
    if (r.broadcast_id !== null || !['idea', 'draft', 'approved'].includes(r.status)) throw conflict(d, 'calendar.notEditable');
    repo.setEntryStatus(d.db, id, 'skipped', null, d.now());
  }).immediate();
  return getEntry(d, id);
}

export function moveEntry(d: CalendarDeps, id: number, atText: string): { entry: EntryDto; summary: PlanDto['summary'] } {
  const at = Date.parse(atText);
  d.db.transaction(() => {
    const r = mustGetEntry(d, id);
    if (r.broadcast_id !== null || !['idea', 'draft', 'approved'].includes(r.status)) throw conflict(d, 'calendar.notMovable');
    if (r.status === 'approved' && at <= d.now()) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'at', message: t(d.locale, 'calendar.slotPassed') }]);
    checkSlotFree(d, r.column_id, at, r.solo_group_id, r.targeting !== null, r.id);
    repo.setEntryAt(d.db, id, at, d.now());
    // An approved entry stays approved only if it can still go out there (caps, lengths).
    if (r.status === 'approved') checkSendable(d, { ...r, at }, 'confirmed');
  }).immediate();
  return { entry: getEntry(d, id), summary: planEntry(d, id).summary };
}

export function deleteEntry(d: CalendarDeps, id: number): number {
  return d.db.transaction(() => {
    const r = mustGetEntry(d, id);
    // A sent entry is the record of a broadcast and its score: it stays.
    if (r.broadcast_id !== null) throw conflict(d, 'calendar.sentStays');
    return repo.deleteEntry(d.db, id);
  }).immediate();
}

// ---------------------------------------------------------------- views

interface FilterSets {
  groups: Set<number> | null;
  columns: Set<number> | null;
  statuses: Set<EntryStatus> | null;
  owner: string | null;
}

function filterSets(d: CalendarDeps, f: ParsedReq<'calendar.month'>['filter']): FilterSets {
  let groups: Set<number> | null = null;
  if (f.groupIds?.length) groups = new Set(f.groupIds);
  if (f.segmentId !== undefined) {
    const seg = new Set(resolveTargets(d, { segmentId: f.segmentId }));
    groups = groups ? new Set([...groups].filter((g) => seg.has(g))) : seg;
  }
  return { groups, columns: f.columnIds?.length ? new Set(f.columnIds) : null, statuses: f.statuses?.length ? new Set(f.statuses) : null, owner: f.owner ? f.owner : null };
}

interface ViewData {
  zone: string;
  range: { start: number; end: number; days: string[] };
  columns: repo.ColumnRow[];
  /** Each column's groups (in the filter). */
  groups: Map<number, number[]>;
  slots: { column: repo.ColumnRow; at: number; day: string }[];
  entries: EntryDto[];
  rows: repo.EntryRow[];
}

function entryMatches(e: EntryDto, row: repo.EntryRow, f: FilterSets, columnOwner: Map<number, string>, entryGroups: () => number[]): boolean {
  if (f.columns && (row.column_id === null || !f.columns.has(row.column_id))) return false;
  if (f.statuses && !f.statuses.has(e.status)) return false;
  if (f.owner && e.owner !== f.owner && (row.column_id === null || columnOwner.get(row.column_id) !== f.owner)) return false;
  if (f.groups) return entryGroups().some((g) => f.groups!.has(g));
  return true;
}

function viewData(d: CalendarDeps, from: string, to: string, filter: CalendarFilter): ViewData {
  const zone = zoneOf(d);
  const range = rangeOf(d, from, to, zone);
  const f = filterSets(d, filter as ParsedReq<'calendar.month'>['filter']);
  const all = repo.listColumnRows(d.db);
  const columnOwner = new Map(all.map((c) => [c.id, c.owner]));
  const rows = repo.entryRowsBetween(d.db, range.start, range.end);
  const ctx = contextFor(d, rows, zone);
  const columns = all.filter((c) => (!f.columns || f.columns.has(c.id)) && (!f.owner || c.owner === f.owner));
  const groups = new Map<number, number[]>();
  for (const c of columns) {
    const g = columnGroups(d, ctx, c.id);
    groups.set(c.id, f.groups ? g.filter((x) => f.groups!.has(x)) : g);
  }
  const slots: ViewData['slots'] = [];
  for (const c of columns) {
    if (!groups.get(c.id)!.length) continue;
    for (const at of slotsOf(c, zone, range.start, range.end)) slots.push({ column: c, at, day: localDay(at, zone) });
  }
  slots.sort((a, b) => a.at - b.at || a.column.id - b.column.id);
  const kept: repo.EntryRow[] = [];
  const entries: EntryDto[] = [];
  for (const r of rows) {
    const e = toEntryDto(d, ctx, r);
    const entryGroups = () => (r.solo_group_id !== null ? [r.solo_group_id] : r.targeting !== null ? groupsOf(d, JSON.parse(r.targeting) as Targeting) : r.column_id !== null ? columnGroups(d, ctx, r.column_id) : []);
    if (!entryMatches(e, r, f, columnOwner, entryGroups)) continue;
    kept.push(r);
    entries.push(e);
  }
  return { zone, range, columns, groups, slots, entries, rows: kept };
}

const slotKey = (columnId: number, at: number) => `${columnId}@${at}`;

export function monthView(d: CalendarDeps, req: ParsedReq<'calendar.month'>): { days: MonthDayDto[] } {
  const v = viewData(d, req.from, req.to, req.filter);
  const byDay = new Map<string, MonthDayDto>(v.range.days.map((day) => [day, { day, slots: 0, filled: 0, entries: 0, byColumn: [], statuses: {} }]));
  const mains = new Set<string>();
  const solos = new Map<string, number>();
  for (const r of v.rows) {
    if (r.column_id === null || r.targeting !== null) continue;
    const k = slotKey(r.column_id, r.at);
    if (r.solo_group_id === null) mains.add(k);
    else if (!v.groups.get(r.column_id) || v.groups.get(r.column_id)!.includes(r.solo_group_id)) solos.set(k, (solos.get(k) ?? 0) + 1);
  }
  for (const s of v.slots) {
    const day = byDay.get(s.day);
    if (!day) continue;
    const n = v.groups.get(s.column.id)!.length;
    const k = slotKey(s.column.id, s.at);
    const filled = mains.has(k) ? n : Math.min(n, solos.get(k) ?? 0);
    day.slots += n;
    day.filled += filled;
    const col = day.byColumn.find((x) => x.columnId === s.column.id);
    if (col) {
      col.slots += n;
      col.filled += filled;
    } else day.byColumn.push({ columnId: s.column.id, slots: n, filled });
  }
  for (const e of v.entries) {
    const day = byDay.get(e.day);
    if (!day) continue;
    day.entries++;
    day.statuses[e.status] = (day.statuses[e.status] ?? 0) + 1;
  }
  return { days: [...byDay.values()] };
}

export function rangeView(d: CalendarDeps, req: ParsedReq<'calendar.range'>): { slots: SlotDto[]; entries: EntryDto[] } {
  const v = viewData(d, req.from, req.to, req.filter);
  const bySlot = new Map<string, number[]>();
  for (const r of v.rows) if (r.column_id !== null) (bySlot.get(slotKey(r.column_id, r.at)) ?? bySlot.set(slotKey(r.column_id, r.at), []).get(slotKey(r.column_id, r.at))!).push(r.id);
  const slots = v.slots.map((s) => ({ columnId: s.column.id, at: isoRequired(s.at), day: s.day, groups: v.groups.get(s.column.id)!.length, entryIds: bySlot.get(slotKey(s.column.id, s.at)) ?? [] }));
  return { slots, entries: v.entries };
}

export function lanesView(d: CalendarDeps, req: ParsedReq<'calendar.lanes'>): { total: number; rows: LaneRowDto[] } {
  const v = viewData(d, req.from, req.to, req.filter);
  const groupIds = new Set<number>();
  for (const g of v.groups.values()) for (const x of g) groupIds.add(x);
  // One-off entries with their own groups put those groups on the board too.
  const ownGroups = new Map<number, number[]>();
  for (const r of v.rows) {
    if (r.targeting === null) continue;
    const g = groupsOf(d, JSON.parse(r.targeting) as Targeting);
    ownGroups.set(r.id, g);
    for (const x of g) groupIds.add(x);
  }
  const basics = groupBasics(d.db, [...groupIds]).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id);
  const window = basics.slice(req.offset, req.offset + req.limit);
  const status = new Map(v.entries.map((e) => [e.id, e.status]));
  const main = new Map<string, number>();
  const solo = new Map<string, number>();
  for (const r of v.rows) {
    if (r.column_id === null || r.targeting !== null) continue;
    if (r.solo_group_id === null) main.set(slotKey(r.column_id, r.at), r.id);
    else solo.set(`${slotKey(r.column_id, r.at)}#${r.solo_group_id}`, r.id);
  }
  const rows = window.map((g): LaneRowDto => {
    const days: LaneRowDto['days'] = {};
    const push = (day: string, cell: LaneRowDto['days'][string][number]) => (days[day] ??= []).push(cell);
    for (const s of v.slots) {
      if (!v.groups.get(s.column.id)!.includes(g.id)) continue;
      const k = slotKey(s.column.id, s.at);
      const id = solo.get(`${k}#${g.id}`) ?? main.get(k) ?? null;
      push(s.day, { columnId: s.column.id, at: isoRequired(s.at), entryId: id, status: id !== null ? (status.get(id) ?? null) : null });
    }
    for (const r of v.rows) {
      if (r.targeting === null || !ownGroups.get(r.id)!.includes(g.id)) continue;
      push(localDay(r.at, v.zone), { columnId: r.column_id ?? 0, at: isoRequired(r.at), entryId: r.id, status: status.get(r.id) ?? null });
    }
    return { groupId: g.id, groupName: g.name, platform: g.platform, days };
  });
  return { total: basics.length, rows };
}

// ---------------------------------------------------------------- the scheduler's step

/**
 * Makes the broadcast of one due entry, or marks it missed, in one IMMEDIATE transaction with the
 * entry's change, so a crash leaves both or neither (never a second broadcast for one entry).
 */
function runEntry(d: CalendarDeps, id: number, zone: string): number | null {
  return d.db.transaction(() => {
    const r = repo.getEntryRow(d.db, id);
    const now = d.now();
    if (!r || r.broadcast_id !== null || r.at > now || !['idea', 'draft', 'approved'].includes(r.status)) return null;
    if (r.status !== 'approved') {
      repo.setEntryStatus(d.db, id, 'missed', 'not-approved', now);
      return null;
    }
    if (now - r.at > SEND_GRACE_MS) {
      log.info(`calendar entry ${id}: its slot passed ${Math.round((now - r.at) / MIN)} min ago while the app was closed; missed, not sent late`);
      repo.setEntryStatus(d.db, id, 'missed', 'app-closed', now);
      return null;
    }
    try {
      const bid = createBroadcast(inZone(d, zone, r.at), planInput(d, r, r.at), t(d.locale, 'actor.calendar'), { tooLong: 'skip' }).id;
      repo.setEntryBroadcast(d.db, id, bid, now);
      return bid;
    } catch (e) {
      // The groups are gone (segment deleted, every group archived): nothing to send to.
      if (!(e instanceof AppError)) throw e;
      repo.setEntryStatus(d.db, id, 'missed', 'no-targets', now);
      return null;
    }
  }).immediate();
}

/**
 * An auto-send column's slots since it last ran: the latest one (if within the grace) becomes an
 * approved entry from the template, unless the slot already has an entry of its own; older ones
 * are skipped (a week of old 早报 arriving at once is spam).
 */
function runAutoColumn(d: CalendarDeps, columnId: number, zone: string): void {
  d.db.transaction(() => {
    const c = repo.getColumnRow(d.db, columnId);
    const now = d.now();
    if (!c || c.auto_send !== 1 || c.paused === 1) return;
    const since = c.done_until ?? c.created_at;
    const due = occurrences(c.rrule, zone, since + 1, now + 1, c.start_day);
    if (!due.length) return;
    const latest = due[due.length - 1]!;
    if (due.length > 1) log.info(`column ${c.id}: ${due.length - 1} slot(s) passed while the app was closed; only the latest is considered`);
    repo.setColumnDoneUntil(d.db, c.id, latest);
    if (!c.body.trim() || repo.mainEntryOfSlot(d.db, c.id, latest) !== undefined) return;
    const id = repo.insertEntry(d.db, { column_id: c.id, column_name: c.name, color: c.color, at: latest, targeting: null, solo_group_id: null, status: 'approved', format: c.format, title: c.title, body: c.body, image_id: null, owner: c.owner, note: '' }, now);
    // Passed long ago while the app was closed: on the calendar as missed, and not sent.
    if (now - latest > SEND_GRACE_MS) repo.setEntryStatus(d.db, id, 'missed', 'app-closed', now);
  }).immediate();
}

/** Everything due now: auto-send columns fill their slot, due entries send or are missed. The broadcasts made. */
export function runDue(d: CalendarDeps): number[] {
  const zone = zoneOf(d);
  for (const c of repo.listColumnRows(d.db)) if (c.auto_send === 1 && c.paused === 0) runAutoColumn(d, c.id, zone);
  const made: number[] = [];
  for (const r of repo.dueEntryRows(d.db, d.now())) {
    const bid = runEntry(d, r.id, zone);
    if (bid !== null) made.push(bid);
  }
  return made;
}

/** When something next falls due: an entry's slot or an auto-send column's next slot. */
export function nextDue(d: CalendarDeps): number | null {
  const zone = zoneOf(d);
  let next = repo.nextEntryDue(d.db);
  for (const c of repo.listColumnRows(d.db)) {
    if (c.auto_send !== 1 || c.paused === 1) continue;
    const at = nextSlot(c, zone, Math.max(c.done_until ?? c.created_at, d.now() - SEND_GRACE_MS));
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}

/** The reminder a broadcast made at a slot calls for: its checklist (by hand, by owners), or null when robots send it all. */
export function reminderFor(d: CalendarDeps, broadcastId: number): CalendarReminderEvent | null {
  const e = repo.entryOfBroadcast(d.db, broadcastId);
  if (!e) return null;
  const c = targetCountsOf(d.db, [broadcastId]).get(broadcastId) ?? {};
  const manual = c['manual-pending'] ?? 0;
  const ownerConfirm = c['awaiting-owner'] ?? 0;
  if (!manual && !ownerConfirm) return null;
  return { entryId: e.id, broadcastId, columnName: e.column_name, title: e.title || e.body.split('\n')[0]!.slice(0, 60), at: isoRequired(e.at), manual, ownerConfirm };
}

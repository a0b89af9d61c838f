/**
 * The roster's pure pieces: requests from filters, the loaded list and its selection, bulk
 * targets, the wording of tag evidence, the sparkline's bars, segment rules as drafted in the
 * segment editor, and spreadsheet cells. No transport, no React: unit-tested as they are.
 */
import type { RosterFilter } from '../../../shared/api/roster';
import type { Platform } from '../../../shared/domain/enums';
import { AUTO_TAGS, MOTIVES, type AutoTag, type FieldDefDto, type MemberTagDto, type TagThresholds } from '../../../shared/domain/roster';
import { isCondition, type ActivityMetric, type MemberCondition, type MemberRule, type SegmentDefinition } from '../../../shared/domain/segment';
import type { SegmentRules } from '../segments/selectors';

// ---- filters and sort ----------------------------------------------------------------------

export interface RosterFilters {
  query: string;
  groupIds: number[];
  tags: AutoTag[];
  labelIds: number[];
  platforms: Platform[];
  segmentId: number | null;
}

export const EMPTY_ROSTER_FILTERS: RosterFilters = { query: '', groupIds: [], tags: [], labelIds: [], platforms: [], segmentId: null };

export type RosterSortBy = 'name' | 'lastMessage' | 'n30' | 'messages' | 'firstSeen';
export interface RosterSort {
  by: RosterSortBy;
  dir: 'asc' | 'desc';
}
export const DEFAULT_ROSTER_SORT: RosterSort = { by: 'lastMessage', dir: 'desc' };

/** The natural first direction of each order: names A→Z, numbers and dates biggest/newest first. */
export function defaultDir(by: RosterSortBy): 'asc' | 'desc' {
  return by === 'name' ? 'asc' : 'desc';
}

/** The contract's filter: unset parts are left out (an empty list would mean "none"). */
export function toRosterFilter(f: RosterFilters): RosterFilter {
  const out: RosterFilter = {};
  const q = f.query.trim().slice(0, 100);
  if (q) out.query = q;
  if (f.groupIds.length) out.groupIds = [...f.groupIds];
  if (f.tags.length) out.tags = [...f.tags];
  if (f.labelIds.length) out.labelIds = [...f.labelIds];
  if (f.platforms.length) out.platforms = [...f.platforms];
  if (f.segmentId !== null) out.segmentId = f.segmentId;
  return out;
}

/** True when the roster may be empty because of filters rather than because there is nobody. */
export function hasRosterFilters(f: RosterFilters): boolean {
  return !!f.query.trim() || f.groupIds.length > 0 || f.tags.length > 0 || f.labelIds.length > 0 || f.platforms.length > 0 || f.segmentId !== null;
}

/** Filters that name things that no longer exist (a deleted label or segment) drop them. */
export function pruneFilters(f: RosterFilters, known: { labelIds?: readonly number[]; segmentIds?: readonly number[]; groupIds?: readonly number[] }): RosterFilters {
  let out = f;
  if (known.labelIds && f.labelIds.some((id) => !known.labelIds!.includes(id))) out = { ...out, labelIds: f.labelIds.filter((id) => known.labelIds!.includes(id)) };
  if (known.segmentIds && f.segmentId !== null && !known.segmentIds.includes(f.segmentId)) out = { ...out, segmentId: null };
  if (known.groupIds && f.groupIds.some((id) => !known.groupIds!.includes(id))) out = { ...out, groupIds: f.groupIds.filter((id) => known.groupIds!.includes(id)) };
  return out;
}

// ---- the loaded list -----------------------------------------------------------------------

export function moveCursor(items: readonly { id: number }[], cursorId: number | null, delta: number): number | null {
  if (items.length === 0) return null;
  const at = cursorId === null ? -1 : items.findIndex((m) => m.id === cursorId);
  if (at < 0) return items[delta > 0 ? 0 : items.length - 1]!.id;
  return items[Math.max(0, Math.min(items.length - 1, at + delta))]!.id;
}

// ---- selection -----------------------------------------------------------------------------

/**
 * Either some members by id (`all` false), or every member the current filter selects ("all
 * 12,408"), which may be far more than are loaded, minus the ids the operator unticked since
 * (`all` true: `ids` are the exceptions).
 */
export interface RosterSelection {
  all: boolean;
  ids: ReadonlySet<number>;
}

export const NO_SELECTION: RosterSelection = { all: false, ids: new Set() };

export function isSelected(s: RosterSelection, id: number): boolean {
  return s.all !== s.ids.has(id);
}

export function toggleSelection(s: RosterSelection, id: number): RosterSelection {
  const ids = new Set(s.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { all: s.all, ids };
}

/** Shift-click: the loaded rows between the anchor and the target (both included) become selected. */
export function selectRangeTo(s: RosterSelection, items: readonly { id: number }[], anchorId: number | null, id: number): RosterSelection {
  const ids = new Set(s.ids);
  const pick = (x: number) => (s.all ? ids.delete(x) : ids.add(x));
  const a = anchorId === null ? -1 : items.findIndex((m) => m.id === anchorId);
  const b = items.findIndex((m) => m.id === id);
  if (b < 0) return s;
  if (a < 0) pick(id);
  else for (let i = Math.min(a, b); i <= Math.max(a, b); i++) pick(items[i]!.id);
  return { all: s.all, ids };
}

/** How many members the selection names: the filter's total for an all-selection (null while unknown). */
export function selectionSize(s: RosterSelection, total: number | null): number | null {
  if (!s.all) return s.ids.size;
  return total === null ? null : Math.max(0, total - s.ids.size);
}

export function hasSelection(s: RosterSelection): boolean {
  return s.all || s.ids.size > 0;
}

/** The header checkbox: every loaded row ticked, some, or none. */
export function loadedSelectionState(s: RosterSelection, items: readonly { id: number }[]): 'all' | 'some' | 'none' {
  if (items.length === 0 || (!s.all && s.ids.size === 0)) return 'none';
  let n = 0;
  for (const m of items) if (isSelected(s, m.id)) n++;
  return n === items.length ? 'all' : n > 0 ? 'some' : 'none';
}

/** What `roster.bulk` acts on: the ids, or the filter itself for "all matching". */
export function bulkTargets(s: RosterSelection, filter: RosterFilter): { ids: number[] } | { filter: RosterFilter } | null {
  if (s.all) return { filter: selectionFilter(s, filter) };
  if (s.ids.size === 0) return null;
  return { ids: [...s.ids] };
}

/** The selection as a filter: the ticked members, or the filter's matches minus the unticked. */
export function selectionFilter(s: RosterSelection, filter: RosterFilter): RosterFilter {
  if (s.all) return s.ids.size ? { ...filter, excludeIds: [...s.ids] } : filter;
  return { ...filter, ids: [...s.ids] };
}

// ---- tags and their evidence ---------------------------------------------------------------

/** The order tags are shown in: the ones an operator acts on first. */
export const TAG_ORDER: readonly AutoTag[] = ['kol', 'active', 'new', 'at-risk', 'silent'];

export function sortTags(tags: readonly AutoTag[]): AutoTag[] {
  return [...tags].sort((a, b) => TAG_ORDER.indexOf(a) - TAG_ORDER.indexOf(b));
}

export const isAutoTag = (x: string): x is AutoTag => (AUTO_TAGS as readonly string[]).includes(x);

export type EvidenceKey =
  | 'roster.evidence.kol'
  | 'roster.evidence.kolBreakdown'
  | 'roster.evidence.active'
  | 'roster.evidence.new'
  | 'roster.evidence.newUnknown'
  | 'roster.evidence.silent'
  | 'roster.evidence.silentNever'
  | 'roster.evidence.atRisk'
  | 'roster.evidence.atRiskWasActive'
  | 'roster.evidence.manual'
  | 'roster.evidence.unknown';

export type EvidenceT = (key: EvidenceKey, params: Record<string, string | number>) => string;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Why a member carries a tag, in the user's language, from the numbers the rule saw
 * (tagging.service computeTags). A manual tag ("set by you") has no numbers; evidence that is
 * missing a number the sentence needs says so rather than printing "undefined".
 */
export function evidenceText(tag: Pick<MemberTagDto, 'tag' | 'groupName' | 'source' | 'evidence'>, t: EvidenceT, formatDate: (ms: number) => string): string {
  const e = tag.evidence;
  const need = (...keys: string[]) => (keys.every((k) => num(e[k]) !== null) ? Object.fromEntries(keys.map((k) => [k, num(e[k])!])) : null);
  if (Object.keys(e).length === 0) return t(tag.source === 'manual' ? 'roster.evidence.manual' : 'roster.evidence.unknown', {});
  switch (tag.tag) {
    case 'kol': {
      const p = need('people', 'rank', 'members', 'windowDays');
      if (!p) break;
      const main = t('roster.evidence.kol', { ...p, group: tag.groupName });
      const parts = need('repliedBy', 'mentionedBy', 'answered');
      return parts ? `${main}${t('roster.evidence.kolBreakdown', parts)}` : main;
    }
    case 'active': {
      const p = need('messages', 'days', 'windowDays');
      if (p) return t('roster.evidence.active', p);
      break;
    }
    case 'new': {
      const days = num(e.days);
      if (days === null) break;
      const at = num(e.joinedAt);
      return at === null ? t('roster.evidence.newUnknown', { days }) : t('roster.evidence.new', { days, date: formatDate(at) });
    }
    case 'silent': {
      const windowDays = num(e.windowDays);
      if (windowDays === null) break;
      const at = num(e.lastMessageAt);
      return at === null ? t('roster.evidence.silentNever', { windowDays }) : t('roster.evidence.silent', { windowDays, date: formatDate(at) });
    }
    case 'at-risk': {
      const p = need('priorMessages', 'rank', 'speakers', 'priorDays', 'recentDays');
      if (!p) break;
      const was = need('activeMessages', 'activeDays', 'activeWindowDays');
      return was ? `${t('roster.evidence.atRisk', p)}${t('roster.evidence.atRiskWasActive', was)}` : t('roster.evidence.atRisk', p);
      break;
    }
  }
  return t('roster.evidence.unknown', {});
}

export interface GroupTags {
  groupId: number;
  groupName: string;
  /** The member is in this group now (overrides are offered only there). */
  current: boolean;
  tags: MemberTagDto[];
  /** Tags the operator switched off here ("not KOL"). */
  off: AutoTag[];
  /** Tags the operator switched on here. */
  on: AutoTag[];
}

/** The drawer's "tags per group": every group the member is in or has tags or overrides in, tagged groups first. */
export function tagsByGroup(d: {
  memberships: readonly { groupId: number; groupName: string; leftAt: string | null }[];
  tags: readonly MemberTagDto[];
  overrides: readonly { groupId: number; tag: AutoTag; state: 'on' | 'off' }[];
}): GroupTags[] {
  const out = new Map<number, GroupTags>();
  const get = (groupId: number, groupName: string) => {
    let g = out.get(groupId);
    if (!g) out.set(groupId, (g = { groupId, groupName, current: false, tags: [], off: [], on: [] }));
    return g;
  };
  for (const m of d.memberships) get(m.groupId, m.groupName).current ||= m.leftAt === null;
  for (const x of d.tags) get(x.groupId, x.groupName).tags.push(x);
  for (const o of d.overrides) {
    const g = out.get(o.groupId);
    if (!g) continue;
    (o.state === 'off' ? g.off : g.on).push(o.tag);
  }
  for (const g of out.values()) {
    g.tags.sort((a, b) => TAG_ORDER.indexOf(a.tag) - TAG_ORDER.indexOf(b.tag));
    g.off = sortTags(g.off);
  }
  return [...out.values()].sort((a, b) => Number(b.tags.length > 0) - Number(a.tags.length > 0) || Number(b.current) - Number(a.current));
}

// ---- sparkline -----------------------------------------------------------------------------

export interface SparkBar {
  x: number;
  y: number;
  width: number;
  height: number;
  day: string;
  messages: number;
}

/** Bars for messages per day, scaled to the busiest day; a day with messages is always visible. */
export function sparkBars(points: readonly { day: string; messages: number }[], width: number, height: number, gap = 1): SparkBar[] {
  if (points.length === 0) return [];
  const max = Math.max(1, ...points.map((p) => p.messages));
  const step = width / points.length;
  const w = Math.max(1, step - gap);
  return points.map((p, i) => {
    const h = p.messages === 0 ? 0 : Math.max(2, Math.round((p.messages / max) * height));
    return { x: i * step, y: height - h, width: w, height: h, day: p.day, messages: p.messages };
  });
}

// ---- fields --------------------------------------------------------------------------------

export type Motive = (typeof MOTIVES)[number];
export const isMotive = (v: string): v is Motive => (MOTIVES as readonly string[]).includes(v);

export type BuiltinFieldKey = 'city' | 'industry' | 'company' | 'motive';
export const BUILTIN_FIELDS: readonly BuiltinFieldKey[] = ['city', 'industry', 'company', 'motive'];
export const isBuiltinField = (k: string): k is BuiltinFieldKey => (BUILTIN_FIELDS as readonly string[]).includes(k);

/** Values to send from the field editor: changed ones only, emptied ones as null. */
export function changedFields(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string | undefined | null>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, raw] of Object.entries(after)) {
    const v = (raw ?? '').trim();
    if (v === (before[k] ?? '')) continue;
    out[k] = v === '' ? null : v;
  }
  return out;
}

/** What an import column sets, as an i18n key and the field it names (built-ins are named by the UI). */
export function importTarget(target: string, fields: readonly FieldDefDto[]): { key: 'platformUserId' | 'platform' | 'labels' | 'field' | 'other'; field?: FieldDefDto } {
  if (target === 'platformUserId' || target === 'platform' || target === 'labels') return { key: target };
  if (target.startsWith('field:')) {
    const f = fields.find((x) => x.key === target.slice('field:'.length));
    if (f) return { key: 'field', field: f };
  }
  return { key: 'other' };
}

// ---- segment rules as drafted --------------------------------------------------------------

export type RuleField = MemberRule['field'];
export const RULE_FIELDS: readonly RuleField[] = ['tag', 'label', 'group', 'platform', 'field', 'activity', 'lastMessage', 'joined', 'left'];

/** One rule as the editor holds it: every input optional until the rule is complete. */
export interface RuleDraft {
  uid: number;
  field: RuleField;
  tags?: AutoTag[];
  labelIds?: number[];
  groupIds?: number[];
  platforms?: Platform[];
  negate?: boolean;
  includeLeft?: boolean;
  fieldKey?: string;
  fieldOp?: 'eq' | 'contains' | 'empty' | 'notEmpty';
  value?: string;
  metric?: ActivityMetric;
  cmp?: 'gte' | 'lte';
  amount?: number | null;
  /** after / before / never (lastMessage) / any (left). */
  when?: 'after' | 'before' | 'never' | 'any';
  /** ISO instant. */
  date?: string | null;
}

let uid = 0;
export function newRule(field: RuleField): RuleDraft {
  uid++;
  switch (field) {
    case 'field':
      return { uid, field, fieldKey: 'city', fieldOp: 'eq', value: '' };
    case 'activity':
      return { uid, field, metric: 'n30', cmp: 'gte', amount: 1 };
    case 'lastMessage':
      return { uid, field, when: 'after', date: null };
    case 'joined':
      return { uid, field, when: 'after', date: null };
    case 'left':
      return { uid, field, when: 'any', date: null };
    default:
      return { uid, field };
  }
}

const nonEmpty = <T>(xs: readonly T[] | undefined): xs is T[] => !!xs && xs.length > 0;
const groupsPart = (d: RuleDraft) => (nonEmpty(d.groupIds) ? { groupIds: [...d.groupIds] } : {});
const negatePart = (d: RuleDraft) => (d.negate ? { negate: true } : {});

/** The contract's rule for a draft, or null while it is incomplete (incomplete rules are left out of counts). */
export function draftToRule(d: RuleDraft): MemberRule | null {
  switch (d.field) {
    case 'tag':
      return nonEmpty(d.tags) ? { field: 'tag', tags: [...d.tags], ...groupsPart(d), ...negatePart(d) } : null;
    case 'label':
      return nonEmpty(d.labelIds) ? { field: 'label', labelIds: [...d.labelIds], ...negatePart(d) } : null;
    case 'group':
      return nonEmpty(d.groupIds) ? { field: 'group', groupIds: [...d.groupIds], ...(d.includeLeft ? { includeLeft: true } : {}), ...negatePart(d) } : null;
    case 'platform':
      return nonEmpty(d.platforms) ? { field: 'platform', platforms: [...d.platforms] } : null;
    case 'field': {
      if (!d.fieldKey || !d.fieldOp) return null;
      if (d.fieldOp === 'empty' || d.fieldOp === 'notEmpty') return { field: 'field', key: d.fieldKey, op: d.fieldOp };
      const value = (d.value ?? '').trim();
      return value ? { field: 'field', key: d.fieldKey, op: d.fieldOp, value } : null;
    }
    case 'activity':
      if (!d.metric || !d.cmp || typeof d.amount !== 'number' || !Number.isInteger(d.amount) || d.amount < 0) return null;
      return { field: 'activity', metric: d.metric, op: d.cmp, value: d.amount, ...groupsPart(d) };
    case 'lastMessage':
      if (d.when === 'never') return { field: 'lastMessage', op: 'never' };
      if ((d.when === 'after' || d.when === 'before') && d.date) return { field: 'lastMessage', op: d.when, date: d.date };
      return null;
    case 'joined':
      if ((d.when === 'after' || d.when === 'before') && d.date) return { field: 'joined', op: d.when, date: d.date, ...groupsPart(d) };
      return null;
    case 'left':
      if (d.when === 'any') return { field: 'left', op: 'any', ...groupsPart(d) };
      if ((d.when === 'after' || d.when === 'before') && d.date) return { field: 'left', op: d.when, date: d.date, ...groupsPart(d) };
      return null;
  }
}

/** The segment's definition from the editor: its complete rules under one AND/OR. */
export function toDefinition(op: 'and' | 'or', drafts: readonly RuleDraft[]): SegmentDefinition {
  const rules = drafts.map(draftToRule).filter((r): r is MemberRule => r !== null);
  return { target: 'members', condition: { op, rules } };
}

/** True when the editor has at least one complete rule (an empty condition would select everyone). */
export function hasCompleteRule(drafts: readonly RuleDraft[]): boolean {
  return drafts.some((d) => draftToRule(d) !== null);
}

/** A saved segment back into drafts, to edit it; null when it nests conditions the editor does not draw. */
export function conditionToDrafts(c: MemberCondition): { op: 'and' | 'or'; drafts: RuleDraft[] } | null {
  const drafts: RuleDraft[] = [];
  for (const r of c.rules) {
    if (isCondition(r)) return null;
    const base = newRule(r.field);
    switch (r.field) {
      case 'tag':
        drafts.push({ ...base, tags: [...r.tags], ...(r.groupIds ? { groupIds: [...r.groupIds] } : {}), ...(r.negate ? { negate: true } : {}) });
        break;
      case 'label':
        drafts.push({ ...base, labelIds: [...r.labelIds], ...(r.negate ? { negate: true } : {}) });
        break;
      case 'group':
        drafts.push({ ...base, groupIds: [...r.groupIds], ...(r.includeLeft ? { includeLeft: true } : {}), ...(r.negate ? { negate: true } : {}) });
        break;
      case 'platform':
        drafts.push({ ...base, platforms: [...r.platforms] });
        break;
      case 'field':
        drafts.push({ ...base, fieldKey: r.key, fieldOp: r.op, value: r.value ?? '' });
        break;
      case 'activity':
        drafts.push({ ...base, metric: r.metric, cmp: r.op, amount: r.value, ...(r.groupIds ? { groupIds: [...r.groupIds] } : {}) });
        break;
      case 'lastMessage':
        drafts.push({ ...base, when: r.op, date: r.date ?? null });
        break;
      case 'joined':
      case 'left':
        drafts.push({ ...base, when: r.op, date: r.date ?? null, ...(r.groupIds ? { groupIds: [...r.groupIds] } : {}) });
        break;
    }
  }
  return { op: c.op, drafts };
}

/** Member segments as the segment editor (store/segments) drafts them; a new one starts with a label rule. */
export const MEMBER_SEGMENT_RULES: SegmentRules<RuleField, RuleDraft> = {
  fields: RULE_FIELDS,
  first: 'label',
  newRule,
  toDefinition,
  hasComplete: hasCompleteRule,
  toDrafts: (d) => (d.target === 'members' ? conditionToDrafts(d.condition) : null),
};

// ---- thresholds ----------------------------------------------------------------------------

/** The thresholds form: a draft differs from what is saved. */
export function thresholdsChanged(a: TagThresholds, b: TagThresholds): boolean {
  return (Object.keys(a) as (keyof TagThresholds)[]).some((k) => a[k] !== b[k]);
}

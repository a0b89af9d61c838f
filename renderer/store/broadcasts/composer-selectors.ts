/**
 * Pure pieces of the broadcast composer: the request a draft becomes, what stops each step,
 * the group picker's filter, variable insertion and the plan's counts. No transport here.
 */
import type { Req } from '../../../shared/api';
import { IMAGE_MIMES, MAX_IMAGE_BYTES, type ImageDto, type PlanDto } from '../../../shared/api/broadcasts';
import type { GroupClass, GroupType, LifecycleStage, Platform } from '../../../shared/domain/enums';
import type { GroupCondition, GroupRule } from '../../../shared/domain/segment';

export type TargetMode = 'groups' | 'segment' | 'tags' | 'all';

/** Targeting by group tags: within a field any value matches (OR), across fields all must (AND). */
export interface TagPick {
  classes: GroupClass[];
  types: GroupType[];
  stages: LifecycleStage[];
  platforms: Platform[];
  cities: string[];
}
export type ScheduleMode = 'now' | 'at' | 'recurring';

/** A recurring schedule's rule as the form holds it (shared/api/broadcasts.ts ScheduleRule). */
export interface RuleDraft {
  every: 'day' | 'week' | 'month';
  time: string;
  weekdays: number[];
  monthDay: number;
}

export interface ComposerDraft {
  name: string;
  format: 'text' | 'markdown';
  title: string;
  body: string;
  targetMode: TargetMode;
  groupIds: number[];
  segmentId: number | null;
  tags: TagPick;
  excludeGroupIds: number[];
  scheduleMode: ScheduleMode;
  /** ISO moment for scheduleMode 'at'. */
  at: string | null;
  rule: RuleDraft;
  /** The picture added with broadcasts.addImage, with its data URL for the thumbnail. */
  image: ComposerImage | null;
}

export type ComposerImage = ImageDto & { dataUrl: string };

export const EMPTY_DRAFT: ComposerDraft = {
  name: '',
  format: 'text',
  title: '',
  body: '',
  targetMode: 'groups',
  groupIds: [],
  segmentId: null,
  tags: { classes: [], types: [], stages: [], platforms: [], cities: [] },
  excludeGroupIds: [],
  scheduleMode: 'now',
  at: null,
  rule: { every: 'day', time: '08:30', weekdays: [1], monthDay: 1 },
  image: null,
};

/** The contract's limits (shared/api/broadcasts.ts BroadcastDraft). */
export const LIMITS = { name: 80, title: 100, body: 4000 } as const;

export type DraftRequest = Req<'broadcasts.plan'>;

/** The picked tags as a group condition; null when nothing is picked. */
export function tagCondition(p: TagPick): GroupCondition | null {
  const rules: (GroupRule | GroupCondition)[] = [];
  if (p.classes.length) rules.push({ field: 'class', classes: p.classes });
  if (p.types.length) rules.push({ field: 'type', types: p.types });
  if (p.stages.length) rules.push({ field: 'stage', stages: p.stages });
  if (p.platforms.length) rules.push({ field: 'platform', platforms: p.platforms });
  if (p.cities.length) rules.push({ op: 'or', rules: p.cities.map((value) => ({ field: 'city', op: 'eq', value })) });
  return rules.length ? { op: 'and', rules } : null;
}

export function targetingOf(d: ComposerDraft): DraftRequest['targeting'] {
  const exclude = d.excludeGroupIds.length ? { excludeGroupIds: d.excludeGroupIds } : {};
  if (d.targetMode === 'tags') {
    const condition = tagCondition(d.tags);
    return condition ? { condition, ...exclude } : { groupIds: [] };
  }
  if (d.targetMode === 'all') return { all: true, ...exclude };
  if (d.targetMode === 'segment') return d.segmentId === null ? { groupIds: [] } : { segmentId: d.segmentId, ...exclude };
  return { groupIds: d.groupIds, ...exclude };
}

/** The request for plan/create; the name falls back to the first line of the text so a plan can be shown early. */
export function draftRequest(d: ComposerDraft): DraftRequest {
  const title = d.format === 'markdown' ? d.title.trim() : '';
  const name = d.name.trim() || firstLine(d.body) || '群发';
  return {
    name: name.slice(0, LIMITS.name),
    format: d.format,
    ...(title ? { title } : {}),
    body: d.body,
    targeting: targetingOf(d),
    ...(d.scheduleMode === 'at' && d.at ? { at: d.at } : {}),
    // Recurring broadcasts send text only (scheduleProblems stops one with a picture).
    ...(d.image && d.scheduleMode !== 'recurring' ? { imageId: d.image.id } : {}),
  };
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.trim()) ?? '').replace(/^[#>*\-\s]+/, '').trim().slice(0, 30);
}

/** The request that creates a recurring schedule: the draft without a time, and its rule. */
export function scheduleRequest(d: ComposerDraft): Req<'broadcasts.createSchedule'> {
  const { at: _at, imageId: _image, ...draft } = draftRequest({ ...d, scheduleMode: 'now' });
  void _at;
  void _image;
  const r = d.rule;
  const rule = { every: r.every, time: r.time, ...(r.every === 'week' ? { weekdays: [...r.weekdays].sort((a, b) => a - b) } : {}), ...(r.every === 'month' ? { monthDay: r.monthDay } : {}) };
  return { ...draft, rule };
}

export type Problem = 'body_empty' | 'body_too_long' | 'title_too_long' | 'name_too_long' | 'no_targets' | 'no_segment' | 'time_missing' | 'time_past' | 'no_weekdays' | 'target_errors' | 'no_tags' | 'image_recurring';

/** What stops the content step. */
export function contentProblems(d: ComposerDraft): Problem[] {
  const out: Problem[] = [];
  if (!d.body.trim()) out.push('body_empty');
  if ([...d.body.trim()].length > LIMITS.body) out.push('body_too_long');
  if (d.format === 'markdown' && [...d.title.trim()].length > LIMITS.title) out.push('title_too_long');
  if ([...d.name.trim()].length > LIMITS.name) out.push('name_too_long');
  return out;
}

/** What stops the targets step (the plan tells whether a segment or "all" selects anything). */
export function targetProblems(d: ComposerDraft, plan: PlanDto | null): Problem[] {
  if (d.targetMode === 'groups' && d.groupIds.length === 0) return ['no_targets'];
  if (d.targetMode === 'segment' && d.segmentId === null) return ['no_segment'];
  if (d.targetMode === 'tags' && !tagCondition(d.tags)) return ['no_tags'];
  if (plan && plan.targets.length === 0) return ['no_targets'];
  return [];
}

export function scheduleProblems(d: ComposerDraft, now: number): Problem[] {
  if (d.scheduleMode === 'recurring') {
    // Recurring broadcasts send text only: the picture must go first (the composer says so).
    if (d.image) return ['image_recurring'];
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(d.rule.time)) return ['time_missing'];
    return d.rule.every === 'week' && d.rule.weekdays.length === 0 ? ['no_weekdays'] : [];
  }
  if (d.scheduleMode !== 'at') return [];
  if (!d.at) return ['time_missing'];
  return Date.parse(d.at) <= now ? ['time_past'] : [];
}

/**
 * A quick look at a picked file before it is uploaded: its declared type and its size (the core
 * checks the bytes themselves). null when it may go on.
 */
export function pickedImageProblem(file: { type: string; size: number }): 'image_type' | 'image_size' | null {
  // An unknown type ('') is left to the core, which reads the bytes.
  if (file.type && !(IMAGE_MIMES as readonly string[]).includes(file.type)) return 'image_type';
  if (file.size > MAX_IMAGE_BYTES) return 'image_size';
  return null;
}

/** A picture's size for people: whole KB below 1 MB (rounded up), else MB with one decimal. */
export function imageSizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** UTF-8 bytes: the robots' limits count bytes, so a Chinese character weighs three. */
export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

export interface GroupChoice {
  id: number;
  name: string;
  platform: Platform;
  city: string;
  memberCount: number;
}

/** The picker's rows: name or city contains the query (case-insensitive), on the chosen platforms. */
export function filterGroups<G extends GroupChoice>(groups: readonly G[], query: string, platforms: readonly Platform[]): G[] {
  const q = query.trim().toLowerCase();
  return groups.filter((g) => (!platforms.length || platforms.includes(g.platform)) && (!q || g.name.toLowerCase().includes(q) || g.city.toLowerCase().includes(q)));
}

/** Adds or removes every id of `rows` from the selection, keeping the selection's order. */
export function toggleAll(selected: readonly number[], rows: readonly { id: number }[], on: boolean): number[] {
  const ids = rows.map((r) => r.id);
  if (!on) {
    const off = new Set(ids);
    return selected.filter((id) => !off.has(id));
  }
  const have = new Set(selected);
  return [...selected, ...ids.filter((id) => !have.has(id))];
}

/** Inserts `{{name}}` at the caret (or over the selection); returns the new text and caret. */
export function insertVariable(body: string, start: number, end: number, name: string): { body: string; caret: number } {
  const token = `{{${name}}}`;
  const a = Math.max(0, Math.min(start, body.length));
  const b = Math.max(a, Math.min(end, body.length));
  return { body: body.slice(0, a) + token + body.slice(b), caret: a + token.length };
}

/** Platforms of the plan's targets that will be sent (not skipped), most targets first. */
export function platformCounts(plan: PlanDto | null): { platform: Platform; count: number }[] {
  if (!plan) return [];
  return Object.entries(plan.summary.byPlatform)
    .map(([platform, count]) => ({ platform: platform as Platform, count }))
    .sort((a, b) => b.count - a.count || a.platform.localeCompare(b.platform));
}

export type DecisionFilter = 'all' | 'send' | 'delay' | 'skip' | 'manual' | 'checks';

export function filterPlan(plan: PlanDto | null, f: DecisionFilter): PlanDto['targets'] {
  if (!plan) return [];
  if (f === 'all') return plan.targets;
  if (f === 'checks') return plan.targets.filter((t) => t.decision !== 'skip' && t.checks.length > 0);
  if (f === 'manual') return plan.targets.filter((t) => t.mode !== 'auto' && t.decision !== 'skip');
  return plan.targets.filter((t) => t.decision === f);
}

/** Over the threshold, the operator must type the number of groups (the second confirmation). */
export const needsSecondConfirmation = (plan: PlanDto | null): boolean => !!plan && plan.targets.length > plan.confirmOver;

/** Targets that would receive something over their platform's cap: nothing can be sent until fixed. */
export const planErrors = (plan: PlanDto | null): number => plan?.summary.withErrors ?? 0;

/** Cities the groups have, for the tag picker: distinct, non-empty, in the user's collation. */
export function citiesOf(groups: readonly GroupChoice[], locale: string): string[] {
  return [...new Set(groups.map((g) => g.city.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, locale));
}

/**
 * The Groups page's pure pieces: the list request from the toolbar's filters, and group segment
 * rules as drafted in the segment editor. No transport, no React: unit-tested as they are.
 */
import type { ListGroupsReq } from '../../../shared/api/groups';
import type { GroupClass, GroupType, LifecycleStage, Platform } from '../../../shared/domain/enums';
import { isCondition, type GroupCondition, type GroupRule, type SegmentDefinition } from '../../../shared/domain/segment';
import type { SegmentRules } from '../segments/selectors';

export type ArchivedScope = 'active' | 'archived' | 'all';

export interface GroupFilters {
  query: string;
  platforms: Platform[];
  groupTypes: GroupType[];
  stages: LifecycleStage[];
  archived: ArchivedScope;
  /** A saved group segment. */
  segmentId: number | null;
}

export const EMPTY_FILTERS: GroupFilters = { query: '', platforms: [], groupTypes: [], stages: [], archived: 'active', segmentId: null };

/** The `groups.list` request for these filters; empty ones are left out rather than sent as []. */
export function toListRequest(f: GroupFilters): ListGroupsReq {
  const req: ListGroupsReq = { archived: f.archived };
  const query = f.query.trim();
  if (query) req.query = query.slice(0, 100);
  if (f.platforms.length) req.platforms = f.platforms;
  if (f.groupTypes.length) req.groupTypes = f.groupTypes;
  if (f.stages.length) req.stages = f.stages;
  if (f.segmentId !== null) req.segmentId = f.segmentId;
  return req;
}

/** True when the list may be empty because of the filters rather than because there are no groups. */
export function hasFilters(f: GroupFilters): boolean {
  return !!f.query.trim() || f.platforms.length > 0 || f.groupTypes.length > 0 || f.stages.length > 0 || f.archived !== 'active' || f.segmentId !== null;
}

// ---- group segment rules as drafted --------------------------------------------------------

export type GroupRuleField = GroupRule['field'];
/** The order the editor offers them in: what an operator segments groups by most. */
export const GROUP_RULE_FIELDS: readonly GroupRuleField[] = ['type', 'platform', 'city', 'class', 'stage', 'name', 'members', 'ids'];

/** The contract's limits on text values (shared/domain/segment.ts GroupRule). */
export const GROUP_RULE_MAX = { city: 50, name: 100 } as const;

/** One group rule as the editor holds it: every input optional until the rule is complete. */
export interface GroupRuleDraft {
  uid: number;
  field: GroupRuleField;
  platforms?: Platform[];
  types?: GroupType[];
  classes?: GroupClass[];
  stages?: LifecycleStage[];
  /** city: equals or contains. */
  textOp?: 'eq' | 'contains';
  /** The city, or the text a group's name contains. */
  text?: string;
  cmp?: 'gte' | 'lte';
  amount?: number | null;
  groupIds?: number[];
}

let uid = 0;
export function newGroupRule(field: GroupRuleField): GroupRuleDraft {
  uid++;
  switch (field) {
    case 'city':
      return { uid, field, textOp: 'eq', text: '' };
    case 'name':
      return { uid, field, text: '' };
    case 'members':
      return { uid, field, cmp: 'gte', amount: null };
    default:
      return { uid, field };
  }
}

const filled = <T>(xs: readonly T[] | undefined): xs is T[] => !!xs && xs.length > 0;

/** The contract's rule for a draft, or null while it is incomplete (left out of the definition and the count). */
export function groupDraftToRule(d: GroupRuleDraft): GroupRule | null {
  switch (d.field) {
    case 'platform':
      return filled(d.platforms) ? { field: 'platform', platforms: [...d.platforms] } : null;
    case 'type':
      return filled(d.types) ? { field: 'type', types: [...d.types] } : null;
    case 'class':
      return filled(d.classes) ? { field: 'class', classes: [...d.classes] } : null;
    case 'stage':
      return filled(d.stages) ? { field: 'stage', stages: [...d.stages] } : null;
    case 'city': {
      const value = (d.text ?? '').trim();
      if (!value || value.length > GROUP_RULE_MAX.city || !d.textOp) return null;
      return { field: 'city', op: d.textOp, value };
    }
    case 'name': {
      const contains = (d.text ?? '').trim();
      return contains && contains.length <= GROUP_RULE_MAX.name ? { field: 'name', contains } : null;
    }
    case 'members':
      if (!d.cmp || typeof d.amount !== 'number' || !Number.isInteger(d.amount) || d.amount < 0) return null;
      return { field: 'members', op: d.cmp, value: d.amount };
    case 'ids':
      return filled(d.groupIds) ? { field: 'ids', groupIds: [...d.groupIds] } : null;
  }
}

/** The group segment's definition from the editor: its complete rules under one AND/OR. */
export function toGroupDefinition(op: 'and' | 'or', drafts: readonly GroupRuleDraft[]): SegmentDefinition {
  const rules = drafts.map(groupDraftToRule).filter((r): r is GroupRule => r !== null);
  return { target: 'groups', condition: { op, rules } };
}

/** True when the editor has at least one complete rule (an empty condition would select every group). */
export function hasCompleteGroupRule(drafts: readonly GroupRuleDraft[]): boolean {
  return drafts.some((d) => groupDraftToRule(d) !== null);
}

/** A saved group segment back into drafts, to edit it; null when it nests conditions the editor does not draw. */
export function groupConditionToDrafts(c: GroupCondition): { op: 'and' | 'or'; drafts: GroupRuleDraft[] } | null {
  const drafts: GroupRuleDraft[] = [];
  for (const r of c.rules) {
    if (isCondition(r)) return null;
    const base = newGroupRule(r.field);
    switch (r.field) {
      case 'platform':
        drafts.push({ ...base, platforms: [...r.platforms] });
        break;
      case 'type':
        drafts.push({ ...base, types: [...r.types] });
        break;
      case 'class':
        drafts.push({ ...base, classes: [...r.classes] });
        break;
      case 'stage':
        drafts.push({ ...base, stages: [...r.stages] });
        break;
      case 'city':
        drafts.push({ ...base, textOp: r.op, text: r.value });
        break;
      case 'name':
        drafts.push({ ...base, text: r.contains });
        break;
      case 'members':
        drafts.push({ ...base, cmp: r.op, amount: r.value });
        break;
      case 'ids':
        drafts.push({ ...base, groupIds: [...r.groupIds] });
        break;
    }
  }
  return { op: c.op, drafts };
}

/** Group segments as the segment editor (store/segments) drafts them; a new one starts with a group-type rule. */
export const GROUP_SEGMENT_RULES: SegmentRules<GroupRuleField, GroupRuleDraft> = {
  fields: GROUP_RULE_FIELDS,
  first: 'type',
  newRule: newGroupRule,
  toDefinition: toGroupDefinition,
  hasComplete: hasCompleteGroupRule,
  toDrafts: (d) => (d.target === 'groups' ? groupConditionToDrafts(d.condition) : null),
};

/** The segment filter, dropped when its segment no longer exists (deleted, or another workspace). */
export function pruneSegment(f: GroupFilters, segmentIds: readonly number[]): GroupFilters {
  return f.segmentId !== null && !segmentIds.includes(f.segmentId) ? { ...f, segmentId: null } : f;
}

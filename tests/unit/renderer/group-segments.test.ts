/** The Groups page's segment pieces: the list request with a segment, and group rules drafted ⇄ saved. */
import { describe, expect, it } from 'vitest';
import { ListGroupsReq } from '../../../shared/api/groups';
import { SegmentDefinition, type GroupCondition, type GroupRule } from '../../../shared/domain/segment';
import { zhCN } from '../../../renderer/i18n/zh-CN';
import { en } from '../../../renderer/i18n/en';
import {
  EMPTY_FILTERS,
  GROUP_RULE_FIELDS,
  groupConditionToDrafts,
  groupDraftToRule,
  hasCompleteGroupRule,
  hasFilters,
  newGroupRule,
  pruneSegment,
  toGroupDefinition,
  toListRequest,
  type GroupRuleDraft,
} from '../../../renderer/store/groups/selectors';

const draft = (over: Partial<GroupRuleDraft> & Pick<GroupRuleDraft, 'field'>): GroupRuleDraft => ({ ...newGroupRule(over.field), ...over });

describe('groups list request with a segment', () => {
  it('sends the segment id only when one is chosen, as a valid request', () => {
    expect(toListRequest(EMPTY_FILTERS)).toEqual({ archived: 'active' });
    const f = { ...EMPTY_FILTERS, segmentId: 4 };
    expect(toListRequest(f)).toEqual({ archived: 'active', segmentId: 4 });
    expect(ListGroupsReq.safeParse(toListRequest(f)).success).toBe(true);
    expect(hasFilters(f)).toBe(true);
  });

  it('drops a segment that no longer exists, and keeps the same object otherwise', () => {
    const f = { ...EMPTY_FILTERS, query: '北京', segmentId: 4 };
    expect(pruneSegment(f, [1, 4])).toBe(f);
    expect(pruneSegment(f, [1])).toEqual({ ...f, segmentId: null });
    expect(pruneSegment(EMPTY_FILTERS, [])).toBe(EMPTY_FILTERS);
  });
});

describe('group rule drafts', () => {
  it('starts each kind of rule incomplete, with sensible operators', () => {
    for (const field of GROUP_RULE_FIELDS) expect(groupDraftToRule(newGroupRule(field))).toBeNull();
    expect(newGroupRule('city')).toMatchObject({ textOp: 'eq', text: '' });
    expect(newGroupRule('members')).toMatchObject({ cmp: 'gte', amount: null });
    expect(newGroupRule('type').uid).not.toBe(newGroupRule('type').uid);
  });

  it('turns complete drafts into the contract rules, trimming text', () => {
    expect(groupDraftToRule(draft({ field: 'platform', platforms: ['wechat', 'qq'] }))).toEqual({ field: 'platform', platforms: ['wechat', 'qq'] });
    expect(groupDraftToRule(draft({ field: 'type', types: ['C'] }))).toEqual({ field: 'type', types: ['C'] });
    expect(groupDraftToRule(draft({ field: 'class', classes: ['high-value', 'dead'] }))).toEqual({ field: 'class', classes: ['high-value', 'dead'] });
    expect(groupDraftToRule(draft({ field: 'stage', stages: ['declining'] }))).toEqual({ field: 'stage', stages: ['declining'] });
    expect(groupDraftToRule(draft({ field: 'city', textOp: 'contains', text: ' 北京 ' }))).toEqual({ field: 'city', op: 'contains', value: '北京' });
    expect(groupDraftToRule(draft({ field: 'name', text: ' 交流群' }))).toEqual({ field: 'name', contains: '交流群' });
    expect(groupDraftToRule(draft({ field: 'members', cmp: 'lte', amount: 0 }))).toEqual({ field: 'members', op: 'lte', value: 0 });
    expect(groupDraftToRule(draft({ field: 'ids', groupIds: [3, 9] }))).toEqual({ field: 'ids', groupIds: [3, 9] });
  });

  it('leaves incomplete or out-of-range drafts out', () => {
    const incomplete: GroupRuleDraft[] = [
      draft({ field: 'platform', platforms: [] }),
      draft({ field: 'city', text: '   ' }),
      draft({ field: 'city', text: '北'.repeat(51) }),
      draft({ field: 'name', text: '' }),
      draft({ field: 'name', text: 'x'.repeat(101) }),
      draft({ field: 'members', amount: null }),
      draft({ field: 'members', amount: -1 }),
      draft({ field: 'members', amount: 2.5 }),
      draft({ field: 'ids', groupIds: [] }),
    ];
    for (const d of incomplete) expect(groupDraftToRule(d)).toBeNull();
    expect(hasCompleteGroupRule(incomplete)).toBe(false);
    expect(hasCompleteGroupRule([])).toBe(false);
    // One complete rule among incomplete ones: only it reaches the definition (and the count).
    const drafts = [...incomplete, draft({ field: 'type', types: ['C'] })];
    expect(hasCompleteGroupRule(drafts)).toBe(true);
    const def = toGroupDefinition('or', drafts);
    expect(def).toEqual({ target: 'groups', condition: { op: 'or', rules: [{ field: 'type', types: ['C'] }] } });
    expect(SegmentDefinition.safeParse(def).success).toBe(true);
  });

  it('round-trips every kind of rule: saved → drafts → the same definition', () => {
    const rules: GroupRule[] = [
      { field: 'type', types: ['C'] },
      { field: 'platform', platforms: ['wechat'] },
      { field: 'city', op: 'eq', value: '上海' },
      { field: 'class', classes: ['spam'] },
      { field: 'stage', stages: ['healthy', 'activating'] },
      { field: 'name', contains: '运营' },
      { field: 'members', op: 'gte', value: 40 },
      { field: 'ids', groupIds: [1, 2] },
    ];
    for (const op of ['and', 'or'] as const) {
      const parsed = groupConditionToDrafts({ op, rules })!;
      expect(parsed.op).toBe(op);
      expect(parsed.drafts.map((d) => d.field)).toEqual(rules.map((r) => r.field));
      expect(new Set(parsed.drafts.map((d) => d.uid)).size).toBe(rules.length);
      const def = toGroupDefinition(parsed.op, parsed.drafts);
      expect(def).toEqual({ target: 'groups', condition: { op, rules } });
      expect(SegmentDefinition.safeParse(def).success).toBe(true);
    }
    expect(groupConditionToDrafts({ op: 'and', rules: [] })).toEqual({ op: 'and', drafts: [] });
  });

  it('refuses nested conditions (the builder opens them read-only)', () => {
    const nested: GroupCondition = { op: 'and', rules: [{ field: 'type', types: ['C'] }, { op: 'or', rules: [{ field: 'platform', platforms: ['qq'] }, { field: 'city', op: 'eq', value: '成都' }] }] };
    expect(groupConditionToDrafts(nested)).toBeNull();
  });

  it('has a label for every kind of rule, in both languages', () => {
    for (const field of GROUP_RULE_FIELDS) {
      expect(zhCN.groups.segment.field[field]).toMatch(/\p{Script=Han}/u);
      expect(en.groups.segment.field[field]).toMatch(/^[A-Z]/);
    }
  });
});

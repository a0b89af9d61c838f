/** The roster's pure pieces: filters, the loaded list and its selection, evidence wording, segment drafts. */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { SegmentDefinition } from '../../../shared/domain/segment';
import { RosterFilter } from '../../../shared/api/roster';
import { DEFAULT_THRESHOLDS, type FieldDefDto, type MemberRowDto, type MemberTagDto } from '../../../shared/domain/roster';
import { zhCN } from '../../../renderer/i18n/zh-CN';
import { en } from '../../../renderer/i18n/en';
import {
  bulkTargets,
  changedFields,
  conditionToDrafts,
  defaultDir,
  draftToRule,
  EMPTY_ROSTER_FILTERS,
  evidenceText,
  hasCompleteRule,
  hasRosterFilters,
  importTarget,
  isSelected,
  loadedSelectionState,
  moveCursor,
  newRule,
  NO_SELECTION,
  pruneFilters,
  selectionFilter,
  selectionSize,
  selectRangeTo,
  sortTags,
  sparkBars,
  tagsByGroup,
  thresholdsChanged,
  toDefinition,
  toggleSelection,
  toRosterFilter,
  type EvidenceT,
  type RuleDraft,
} from '../../../renderer/store/roster/selectors';

const row = (id: number, over: Partial<MemberRowDto> = {}): MemberRowDto => ({
  id,
  platform: 'wechat',
  platformUserId: `u${id}`,
  name: `成员${id}`,
  groupCount: 1,
  tags: [],
  labelIds: [],
  messages: 10,
  n30: 5,
  lastMessageAt: '2026-11-20T02:00:00.000Z',
  firstSeenAt: '2026-10-01T02:00:00.000Z',
  fields: {},
  ...over,
});

describe('roster filters', () => {
  it('sends only the parts that are set, and a valid contract filter', () => {
    expect(toRosterFilter(EMPTY_ROSTER_FILTERS)).toEqual({});
    expect(hasRosterFilters(EMPTY_ROSTER_FILTERS)).toBe(false);
    const f = { ...EMPTY_ROSTER_FILTERS, query: '  王 ', groupIds: [3], tags: ['kol' as const], labelIds: [7], platforms: ['qq' as const], segmentId: 2 };
    const req = toRosterFilter(f);
    expect(req).toEqual({ query: '王', groupIds: [3], tags: ['kol'], labelIds: [7], platforms: ['qq'], segmentId: 2 });
    expect(RosterFilter.safeParse(req).success).toBe(true);
    expect(hasRosterFilters(f)).toBe(true);
    expect(hasRosterFilters({ ...EMPTY_ROSTER_FILTERS, query: '   ' })).toBe(false);
    expect(toRosterFilter({ ...EMPTY_ROSTER_FILTERS, query: 'x'.repeat(150) }).query).toHaveLength(100);
  });

  it('drops labels, segments and groups that no longer exist, and keeps the same object otherwise', () => {
    const f = { ...EMPTY_ROSTER_FILTERS, labelIds: [1, 2], segmentId: 9, groupIds: [4] };
    expect(pruneFilters(f, { labelIds: [1, 2], segmentIds: [9], groupIds: [4] })).toBe(f);
    expect(pruneFilters(f, { labelIds: [2] }).labelIds).toEqual([2]);
    expect(pruneFilters(f, { segmentIds: [1] }).segmentId).toBeNull();
    expect(pruneFilters(f, { groupIds: [] }).groupIds).toEqual([]);
  });

  it('sorts names A→Z and numbers biggest first by default', () => {
    expect(defaultDir('name')).toBe('asc');
    expect(defaultDir('n30')).toBe('desc');
    expect(defaultDir('lastMessage')).toBe('desc');
  });
});

describe('the loaded list', () => {
  it('moves the cursor within the list and starts at an end', () => {
    const items = [row(1), row(2), row(3)];
    expect(moveCursor(items, null, 1)).toBe(1);
    expect(moveCursor(items, null, -1)).toBe(3);
    expect(moveCursor(items, 1, 1)).toBe(2);
    expect(moveCursor(items, 3, 1)).toBe(3);
    expect(moveCursor(items, 1, -1)).toBe(1);
    expect(moveCursor([], 1, 1)).toBeNull();
  });
});

describe('selection', () => {
  const items = [row(1), row(2), row(3), row(4)];

  it('toggles ids, selects ranges with shift, and reports the header state', () => {
    let s = toggleSelection(NO_SELECTION, 2);
    expect([...s.ids]).toEqual([2]);
    s = selectRangeTo(s, items, 2, 4);
    expect([...s.ids].sort()).toEqual([2, 3, 4]);
    expect(loadedSelectionState(s, items)).toBe('some');
    s = toggleSelection(s, 1);
    expect(loadedSelectionState(s, items)).toBe('all');
    s = toggleSelection(s, 3);
    expect(isSelected(s, 3)).toBe(false);
    expect(selectionSize(s, 999)).toBe(3);
    expect(loadedSelectionState(NO_SELECTION, items)).toBe('none');
  });

  it('acts on ids, or on the filter itself for "all matching"', () => {
    const filter = { tags: ['kol' as const], groupIds: [1] };
    expect(bulkTargets(NO_SELECTION, filter)).toBeNull();
    expect(bulkTargets({ all: false, ids: new Set([5, 6]) }, filter)).toEqual({ ids: [5, 6] });
    const all = { all: true, ids: new Set<number>() };
    expect(bulkTargets(all, filter)).toEqual({ filter });
    expect(selectionSize(all, 12_408)).toBe(12_408);
    expect(selectionSize(all, null)).toBeNull();
    expect(isSelected(all, 123)).toBe(true);
  });

  it('unticking rows of an all-selection keeps every other match, loaded or not: "all but these"', () => {
    let s = toggleSelection({ all: true, ids: new Set() }, 2);
    s = toggleSelection(s, 4);
    expect(s.all).toBe(true);
    expect([...s.ids].sort()).toEqual([2, 4]);
    expect(items.filter((m) => isSelected(s, m.id)).map((m) => m.id)).toEqual([1, 3]);
    expect(isSelected(s, 10_000)).toBe(true);
    expect(selectionSize(s, 12_408)).toBe(12_406);
    expect(loadedSelectionState(s, items)).toBe('some');
    const filter = { groupIds: [1] };
    expect(bulkTargets(s, filter)).toEqual({ filter: { groupIds: [1], excludeIds: [2, 4] } });
    // Ticking again, or a shift-range over it, makes it part of "all" once more.
    expect(toggleSelection(s, 2).ids.has(2)).toBe(false);
    expect([...selectRangeTo(s, items, 1, 2).ids]).toEqual([4]);
  });

  it('names the selection as a filter the contract accepts, for exports', () => {
    const filter = { tags: ['kol' as const] };
    const ticked = selectionFilter({ all: false, ids: new Set([9, 3]) }, filter);
    expect(ticked).toEqual({ tags: ['kol'], ids: [9, 3] });
    expect(RosterFilter.safeParse(ticked).success).toBe(true);
    expect(selectionFilter({ all: true, ids: new Set() }, filter)).toBe(filter);
    expect(RosterFilter.safeParse(selectionFilter({ all: true, ids: new Set([5]) }, filter)).data).toEqual({ tags: ['kol'], excludeIds: [5] });
  });
});

describe('tag evidence in words', () => {
  let zh: EvidenceT;
  let english: EvidenceT;
  beforeAll(async () => {
    const i = i18next.createInstance();
    await i.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
    const tz = i.getFixedT('zh-CN');
    const te = i.getFixedT('en');
    zh = (k, p) => tz(k, p);
    english = (k, p) => te(k, p);
  });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const tag = (t: MemberTagDto['tag'], evidence: MemberTagDto['evidence'], source: MemberTagDto['source'] = 'auto'): MemberTagDto => ({ tag: t, groupId: 1, groupName: '北京运营交流群', source, evidence });

  it('says why someone is a KOL: the people, the rank and the group', () => {
    const kol = tag('kol', { people: 14, repliedBy: 9, mentionedBy: 6, answered: 3, rank: 2, members: 120, windowDays: 30 });
    expect(evidenceText(kol, zh, day)).toBe('30 天内被 14 位成员回复/@/解答；在「北京运营交流群」排名第 2（共 120 人）（被 9 人回复 · 被 6 人 @ · 解答了 3 人的问题）');
    expect(evidenceText(kol, english, day)).toContain('ranked #2 of 120 in “北京运营交流群”');
  });

  it('words active, new, silent and at-risk from their numbers', () => {
    expect(evidenceText(tag('active', { messages: 5, days: 3, windowDays: 14 }), zh, day)).toBe('近 14 天 5 条消息，分布在 3 天');
    const joined = Date.UTC(2026, 10, 20);
    expect(evidenceText(tag('new', { joinedAt: joined, days: 7 }), zh, day)).toBe('2026-11-20 入群，在最近 7 天内');
    expect(evidenceText(tag('silent', { lastMessageAt: Date.UTC(2026, 8, 1), windowDays: 30 }), zh, day)).toBe('30 天内没有发言；上一次发言在 2026-09-01');
    expect(evidenceText(tag('silent', { lastMessageAt: null, windowDays: 30 }), zh, day)).toBe('30 天内没有发言；入群以来从未发言');
    expect(evidenceText(tag('at-risk', { priorMessages: 41, rank: 3, speakers: 18, priorDays: 28, recentDays: 7 }), zh, day)).toBe('此前 28 天发了 41 条消息，在 18 位发言者中排第 3；最近 7 天没有发言');
    expect(evidenceText(tag('active', { messages: 5, days: 3, windowDays: 14 }), english, day)).toBe('5 messages on 3 days in the last 14 days');
    // At risk in place of active: the evidence says why the member is not 活跃 as well.
    const replaced = { priorMessages: 41, rank: 3, speakers: 18, priorDays: 28, recentDays: 7, activeMessages: 9, activeDays: 4, activeWindowDays: 14 };
    expect(evidenceText(tag('at-risk', replaced), zh, day)).toBe('此前 28 天发了 41 条消息，在 18 位发言者中排第 3；最近 7 天没有发言。近 14 天的 9 条消息（4 天）都在这之前，所以不再算活跃');
  });

  it('says "set by you" for a manual tag and never prints undefined for missing numbers', () => {
    expect(evidenceText(tag('kol', {}, 'manual'), zh, day)).toBe('由你手动设置');
    const broken = evidenceText(tag('kol', { people: 3 }), zh, day);
    expect(broken).not.toMatch(/undefined|\{\{/);
    expect(broken).toBe(zhCN.roster.evidence.unknown);
  });

  it('groups tags per group with the operator’s overrides, tagged groups first', () => {
    const groups = tagsByGroup({
      memberships: [
        { groupId: 1, groupName: 'A', leftAt: null },
        { groupId: 2, groupName: 'B', leftAt: '2026-01-01T00:00:00.000Z' },
        { groupId: 3, groupName: 'C', leftAt: null },
      ],
      tags: [
        { ...tag('active', {}), groupId: 3, groupName: 'C' },
        { ...tag('kol', {}), groupId: 3, groupName: 'C' },
      ],
      overrides: [
        { groupId: 1, tag: 'silent', state: 'off' },
        { groupId: 3, tag: 'kol', state: 'on' },
      ],
    });
    expect(groups.map((g) => g.groupName)).toEqual(['C', 'A', 'B']);
    expect(groups[0]!.tags.map((x) => x.tag)).toEqual(['kol', 'active']);
    expect(groups[0]!.on).toEqual(['kol']);
    expect(groups[1]!.off).toEqual(['silent']);
    expect(groups[2]!.current).toBe(false);
    expect(sortTags(['silent', 'new', 'kol'])).toEqual(['kol', 'new', 'silent']);
  });
});

describe('sparkline', () => {
  it('scales bars to the busiest day and keeps small days visible', () => {
    const bars = sparkBars(
      [
        { day: 'a', messages: 0 },
        { day: 'b', messages: 10 },
        { day: 'c', messages: 1 },
      ],
      300,
      50,
    );
    expect(bars.map((b) => b.height)).toEqual([0, 50, 5]);
    expect(bars[1]!.y).toBe(0);
    expect(bars[2]!.x).toBe(200);
    expect(bars[0]!.width).toBe(99);
    expect(sparkBars([{ day: 'a', messages: 1 }, ...Array.from({ length: 9 }, (_, i) => ({ day: `d${i}`, messages: 1000 }))], 90, 40)[0]!.height).toBe(2);
    expect(sparkBars([], 100, 10)).toEqual([]);
  });
});

describe('fields and imports', () => {
  it('sends only changed field values, emptied ones as null', () => {
    expect(changedFields({ city: '北京', motive: 'work' }, { city: '北京', motive: '', industry: ' 电商 ', company: undefined })).toEqual({ motive: null, industry: '电商' });
  });

  it('names what an import column sets', () => {
    const fields: FieldDefDto[] = [{ key: 'city', label: '', kind: 'text', options: [], builtin: true }];
    expect(importTarget('labels', fields)).toEqual({ key: 'labels' });
    expect(importTarget('field:city', fields)).toEqual({ key: 'field', field: fields[0] });
    expect(importTarget('field:gone', fields)).toEqual({ key: 'other' });
  });

  it('tells a changed threshold from the saved ones', () => {
    expect(thresholdsChanged(DEFAULT_THRESHOLDS, { ...DEFAULT_THRESHOLDS })).toBe(false);
    expect(thresholdsChanged(DEFAULT_THRESHOLDS, { ...DEFAULT_THRESHOLDS, kolTopPercent: 10 })).toBe(true);
  });
});

describe('segment rules as drafted', () => {
  it('leaves incomplete rules out and builds a definition the contract accepts', () => {
    const label: RuleDraft = { ...newRule('label'), labelIds: [4] };
    const emptyTag = newRule('tag');
    const kolHere: RuleDraft = { ...newRule('tag'), tags: ['kol'], groupIds: [1], negate: true };
    const field: RuleDraft = { ...newRule('field'), fieldKey: 'city', fieldOp: 'contains', value: ' 北 ' };
    const activity: RuleDraft = { ...newRule('activity'), metric: 'n30', cmp: 'gte', amount: 5 };
    const never: RuleDraft = { ...newRule('lastMessage'), when: 'never' };
    const joinedNoDate: RuleDraft = { ...newRule('joined'), when: 'after', date: null };
    const left: RuleDraft = { ...newRule('left'), when: 'any', groupIds: [2] };
    expect(draftToRule(emptyTag)).toBeNull();
    expect(draftToRule(joinedNoDate)).toBeNull();
    expect(draftToRule({ ...activity, amount: null })).toBeNull();
    expect(draftToRule({ ...field, value: '  ' })).toBeNull();
    expect(draftToRule({ ...field, fieldOp: 'empty', value: '' })).toEqual({ field: 'field', key: 'city', op: 'empty' });
    const def = toDefinition('or', [label, emptyTag, kolHere, field, activity, never, joinedNoDate, left]);
    expect(def).toEqual({
      target: 'members',
      condition: {
        op: 'or',
        rules: [
          { field: 'label', labelIds: [4] },
          { field: 'tag', tags: ['kol'], groupIds: [1], negate: true },
          { field: 'field', key: 'city', op: 'contains', value: '北' },
          { field: 'activity', metric: 'n30', op: 'gte', value: 5 },
          { field: 'lastMessage', op: 'never' },
          { field: 'left', op: 'any', groupIds: [2] },
        ],
      },
    });
    expect(SegmentDefinition.safeParse(def).success).toBe(true);
    expect(hasCompleteRule([emptyTag, joinedNoDate])).toBe(false);
    expect(hasCompleteRule([emptyTag, label])).toBe(true);
  });

  it('reads a saved segment back into drafts that build the same definition', () => {
    const def = {
      target: 'members' as const,
      condition: {
        op: 'and' as const,
        rules: [
          { field: 'field' as const, key: 'city', op: 'eq' as const, value: '北京' },
          { field: 'activity' as const, metric: 'n30' as const, op: 'gte' as const, value: 1 },
          { field: 'joined' as const, op: 'after' as const, date: '2026-11-01T00:00:00.000Z', groupIds: [3] },
          { field: 'group' as const, groupIds: [1, 2], includeLeft: true },
        ],
      },
    };
    const back = conditionToDrafts(def.condition);
    expect(back).not.toBeNull();
    expect(toDefinition(back!.op, back!.drafts)).toEqual(def);
    expect(conditionToDrafts({ op: 'and', rules: [{ op: 'or', rules: [] }] })).toBeNull();
  });
});

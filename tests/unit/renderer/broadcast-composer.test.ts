/** The broadcast composer's pure pieces: the request a draft becomes, step checks, the group picker, variables and the safe preview. */
import { describe, expect, it } from 'vitest';
import { BroadcastDraft, type PlanDto } from '../../../shared/api/broadcasts';
import {
  contentProblems,
  draftRequest,
  EMPTY_DRAFT,
  filterGroups,
  filterPlan,
  insertVariable,
  needsSecondConfirmation,
  platformCounts,
  scheduleProblems,
  scheduleRequest,
  tagCondition,
  targetProblems,
  toggleAll,
  utf8Bytes,
  type ComposerDraft,
} from '../../../renderer/store/broadcasts/composer-selectors';
import { inlineSpans, previewLines } from '../../../renderer/store/broadcasts/message-preview';

const draft = (patch: Partial<ComposerDraft>): ComposerDraft => ({ ...EMPTY_DRAFT, ...patch });

const target = (groupId: number, mode: 'auto' | 'owner-confirm' | 'manual', decision: 'send' | 'delay' | 'skip') => ({
  groupId,
  groupName: `群${groupId}`,
  platform: 'wechat' as const,
  mode,
  robotId: null,
  decision,
  reasons: [],
  plannedAt: null,
  text: 'x',
  delivery: { format: 'text' as const, content: 'x' },
  checks: [],
});
const plan = (targets: ReturnType<typeof target>[], confirmOver = 50): PlanDto =>
  ({
    at: '2026-11-23T08:00:00.000Z',
    targets,
    summary: { total: targets.length, byPlatform: { wechat: 2, dingtalk: 5, wecom: 2 }, byMode: { auto: 0, 'owner-confirm': 0, manual: 0 }, byDecision: { send: 0, delay: 0, skip: 0 }, withErrors: 0, withWarnings: 0 },
    confirmOver,
  }) satisfies PlanDto;

describe('composer request', () => {
  it('becomes a request the contract accepts, per targeting mode', () => {
    const groups = draftRequest(draft({ name: ' 通知 ', body: '你好 {{group.name}}', groupIds: [3, 1], excludeGroupIds: [] }));
    expect(groups).toMatchObject({ name: '通知', format: 'text', targeting: { groupIds: [3, 1] } });
    expect(groups).not.toHaveProperty('title');
    expect(BroadcastDraft.safeParse(groups).success).toBe(true);

    const seg = draftRequest(draft({ body: 'x', targetMode: 'segment', segmentId: 7, excludeGroupIds: [2] }));
    expect(seg.targeting).toEqual({ segmentId: 7, excludeGroupIds: [2] });
    expect(BroadcastDraft.safeParse(seg).success).toBe(true);

    const all = draftRequest(draft({ body: 'x', targetMode: 'all', format: 'markdown', title: ' 标题 ', scheduleMode: 'at', at: '2026-12-01T01:30:00.000Z' }));
    expect(all).toMatchObject({ targeting: { all: true }, title: '标题', at: '2026-12-01T01:30:00.000Z' });
    expect(BroadcastDraft.safeParse(all).success).toBe(true);
  });

  it('targets by tags as one condition: any value within a field, every field picked', () => {
    const none = draftRequest(draft({ body: 'x', targetMode: 'tags' }));
    expect(none.targeting).toEqual({ groupIds: [] });
    expect(targetProblems(draft({ body: 'x', targetMode: 'tags' }), null)).toEqual(['no_tags']);
    const r = draftRequest(draft({ body: 'x', targetMode: 'tags', tags: { classes: ['high-value'], types: [], stages: [], platforms: ['wechat', 'wecom'], cities: ['北京', '上海'] }, excludeGroupIds: [4] }));
    expect(r.targeting).toEqual({
      condition: {
        op: 'and',
        rules: [
          { field: 'class', classes: ['high-value'] },
          { field: 'platform', platforms: ['wechat', 'wecom'] },
          { op: 'or', rules: [{ field: 'city', op: 'eq', value: '北京' }, { field: 'city', op: 'eq', value: '上海' }] },
        ],
      },
      excludeGroupIds: [4],
    });
    expect(BroadcastDraft.safeParse(r).success).toBe(true);
    expect(tagCondition({ classes: [], types: ['B'], stages: [], platforms: [], cities: [] })).toEqual({ op: 'and', rules: [{ field: 'type', types: ['B'] }] });
  });

  it('names an unnamed broadcast after its first line, without markdown marks', () => {
    expect(draftRequest(draft({ body: '\n### 周五直播预告\n正文' })).name).toBe('周五直播预告');
  });

  it('drops the title of a plain-text broadcast and the time of one sent now', () => {
    const r = draftRequest(draft({ body: 'x', title: '留着的标题', at: '2026-12-01T01:30:00.000Z' }));
    expect(r).not.toHaveProperty('title');
    expect(r).not.toHaveProperty('at');
  });
});

describe('step checks', () => {
  it('content needs a body within the limits (counted in characters, not UTF-16 units)', () => {
    expect(contentProblems(draft({ body: '  ' }))).toEqual(['body_empty']);
    expect(contentProblems(draft({ body: '😀'.repeat(4000) }))).toEqual([]);
    expect(contentProblems(draft({ body: '字'.repeat(4001) }))).toEqual(['body_too_long']);
    expect(contentProblems(draft({ body: 'x', format: 'markdown', title: 't'.repeat(101) }))).toEqual(['title_too_long']);
    expect(contentProblems(draft({ body: 'x', format: 'text', title: 't'.repeat(101) }))).toEqual([]);
  });

  it('targets need a choice, and a plan that selects something', () => {
    expect(targetProblems(draft({ groupIds: [] }), null)).toEqual(['no_targets']);
    expect(targetProblems(draft({ targetMode: 'segment' }), null)).toEqual(['no_segment']);
    expect(targetProblems(draft({ targetMode: 'segment', segmentId: 2 }), plan([]))).toEqual(['no_targets']);
    expect(targetProblems(draft({ targetMode: 'all' }), plan([target(1, 'manual', 'send')]))).toEqual([]);
  });

  it('a recurring rule needs a time and, weekly, its weekdays; the request carries only what the rule uses', () => {
    const weekly = draft({ body: 'x', scheduleMode: 'recurring', rule: { every: 'week', time: '19:30', weekdays: [4, 1], monthDay: 9 } });
    expect(scheduleProblems(weekly, 0)).toEqual([]);
    expect(scheduleProblems({ ...weekly, rule: { ...weekly.rule, weekdays: [] } }, 0)).toEqual(['no_weekdays']);
    expect(scheduleProblems({ ...weekly, rule: { ...weekly.rule, time: '25:00' } }, 0)).toEqual(['time_missing']);
    expect(scheduleRequest(weekly).rule).toEqual({ every: 'week', time: '19:30', weekdays: [1, 4] });
    expect(scheduleRequest({ ...weekly, rule: { ...weekly.rule, every: 'month' } }).rule).toEqual({ every: 'month', time: '19:30', monthDay: 9 });
    expect(scheduleRequest(weekly)).not.toHaveProperty('at');
  });

  it('a scheduled time must be set and in the future', () => {
    const now = Date.parse('2026-11-23T08:00:00Z');
    expect(scheduleProblems(draft({ scheduleMode: 'now' }), now)).toEqual([]);
    expect(scheduleProblems(draft({ scheduleMode: 'at' }), now)).toEqual(['time_missing']);
    expect(scheduleProblems(draft({ scheduleMode: 'at', at: '2026-11-23T07:59:00Z' }), now)).toEqual(['time_past']);
    expect(scheduleProblems(draft({ scheduleMode: 'at', at: '2026-11-23T08:01:00Z' }), now)).toEqual([]);
  });

  it('asks for the count only above the threshold', () => {
    const three = [target(1, 'manual', 'send'), target(2, 'auto', 'send'), target(3, 'auto', 'skip')];
    expect(needsSecondConfirmation(plan(three, 3))).toBe(false);
    expect(needsSecondConfirmation(plan(three, 2))).toBe(true);
    expect(needsSecondConfirmation(null)).toBe(false);
  });
});

describe('group picker and plan views', () => {
  const groups = [
    { id: 1, name: '北京运营交流群', platform: 'wechat' as const, city: '北京', memberCount: 10 },
    { id: 2, name: 'Shanghai VIP', platform: 'dingtalk' as const, city: '上海', memberCount: 5 },
    { id: 3, name: '上海新手群', platform: 'wechat' as const, city: '上海', memberCount: 7 },
  ];

  it('filters by name or city, case-insensitive, and by platform', () => {
    expect(filterGroups(groups, '上海', []).map((g) => g.id)).toEqual([2, 3]);
    expect(filterGroups(groups, 'vip', []).map((g) => g.id)).toEqual([2]);
    expect(filterGroups(groups, '上海', ['wechat']).map((g) => g.id)).toEqual([3]);
    expect(filterGroups(groups, ' ', []).length).toBe(3);
  });

  it('select-all adds only what is shown and keeps order; unselect removes only those', () => {
    expect(toggleAll([3], groups.slice(0, 2), true)).toEqual([3, 1, 2]);
    expect(toggleAll([3, 1, 2], [groups[0]!], false)).toEqual([3, 2]);
  });

  it('counts per platform, most first, and filters the plan by decision or manual work', () => {
    const p = plan([target(1, 'manual', 'send'), target(2, 'auto', 'delay'), target(3, 'manual', 'skip'), target(4, 'owner-confirm', 'send')]);
    expect(platformCounts(p)).toEqual([
      { platform: 'dingtalk', count: 5 },
      { platform: 'wechat', count: 2 },
      { platform: 'wecom', count: 2 },
    ]);
    expect(filterPlan(p, 'skip').map((t) => t.groupId)).toEqual([3]);
    expect(filterPlan(p, 'manual').map((t) => t.groupId)).toEqual([1, 4]);
    expect(filterPlan(p, 'all').length).toBe(4);
  });

  it('inserts a variable at the caret or over the selection', () => {
    expect(insertVariable('您好，！', 3, 3, 'group.name')).toEqual({ body: '您好，{{group.name}}！', caret: 17 });
    expect(insertVariable('abcXYZdef', 3, 6, 'date')).toEqual({ body: 'abc{{date}}def', caret: 11 });
    expect(insertVariable('ab', 99, 120, 'date')).toEqual({ body: 'ab{{date}}', caret: 10 });
  });

  it('counts UTF-8 bytes as the robots do', () => {
    expect(utf8Bytes('群主a')).toBe(7);
    expect(utf8Bytes('😀')).toBe(4);
  });
});

describe('message preview', () => {
  it('keeps plain text exactly, markdown included', () => {
    expect(previewLines('**不加粗**\n\n[x](https://a.cn)', 'text')).toEqual([
      { kind: 'para', spans: [{ kind: 'text', text: '**不加粗**' }] },
      { kind: 'blank', spans: [] },
      { kind: 'para', spans: [{ kind: 'text', text: '[x](https://a.cn)' }] },
    ]);
  });

  it('shows the robots markdown subset: headings, bold, links, quotes and items', () => {
    const lines = previewLines('### 周五直播\n> 引用\n- 第一点 **重点**\n看[详情](https://qunzhu.app/a?b=1)', 'markdown');
    expect(lines.map((l) => l.kind)).toEqual(['heading', 'quote', 'item', 'para']);
    expect(lines[2]!.spans).toEqual([
      { kind: 'text', text: '第一点 ' },
      { kind: 'bold', text: '重点' },
    ]);
    expect(lines[3]!.spans).toEqual([
      { kind: 'text', text: '看' },
      { kind: 'link', text: '详情', href: 'https://qunzhu.app/a?b=1' },
    ]);
  });

  it('never turns a non-web link into a link, and keeps markup as text', () => {
    expect(inlineSpans('[点我](javascript:alert(1))')).toEqual([{ kind: 'text', text: '[点我](javascript:alert(1))' }]);
    expect(inlineSpans('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });
});

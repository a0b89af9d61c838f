import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildActivity } from '../../../../electron/core/roster/activity.service';
import { computeGroupClasses, storeGroupClasses } from '../../../../electron/core/groups/group-class.service';
import { ingestEvents, ingestMessages } from '../../../../electron/core/inbox/ingest.service';
import { countSegment, groupIdsOf, memberPredicate } from '../../../../electron/core/segments/segments.repo';
import { retag } from '../../../../electron/core/roster/tagging.service';
import { DEFAULT_THRESHOLDS, type AutoTag } from '../../../../shared/domain/roster';
import type { MemberCondition, MemberRule } from '../../../../shared/domain/segment';
import { DAY, history, type History } from '../../../helpers/history';

const AS_OF = Date.parse('2026-11-20T12:00:00Z');
let h: History;
let groups: number[];
const label = (name: string) => Number(h.db.prepare("INSERT INTO labels (name, color, created_at) VALUES (?, 'gold', 0)").run(name).lastInsertRowid);
let vip: number;

/** Twelve people in three groups with varied activity, labels and fields. */
beforeAll(() => {
  h = history('segments.db');
  groups = [h.group('北京群', { platform: 'wechat', city: '北京' }), h.group('上海群', { platform: 'qq', city: '上海' }), h.group('TG', { platform: 'telegram' })];
  const people = Array.from({ length: 12 }, (_, i) => `p${i}`);
  const msgs = people.flatMap((p, i) =>
    Array.from({ length: i % 5 }, (_, k) => h.say(groups[i % 3]!, p, AS_OF - (k * 6 + (i % 4)) * DAY, { ...(k === 1 && i > 2 ? { mentions: [h.person(`p${i - 1}`)] } : {}) })),
  );
  ingestMessages(h.db, msgs);
  ingestEvents(h.db, [
    { groupId: groups[0]!, sourceKey: 'j1', at: AS_OF - 3 * DAY, kind: 'join', members: [h.person('p0'), h.person('p5'), h.person('lurker')] },
    { groupId: groups[1]!, sourceKey: 'l1', at: AS_OF - 2 * DAY, kind: 'leave', members: [h.person('p4')] },
  ]);
  rebuildActivity(h.db, { asOf: AS_OF, dayOffsetMs: 0 });
  retag(h.db, { asOf: AS_OF, thresholds: DEFAULT_THRESHOLDS, dayOffsetMs: 0 });
  vip = label('VIP');
  for (const p of ['p1', 'p2', 'p7']) h.db.prepare('INSERT INTO member_labels (member_id, label_id, set_at) VALUES (?, ?, 0)').run(h.memberId(p), vip);
  for (const [p, city] of [['p1', '北京'], ['p3', '北京市'], ['p8', '上海']] as const) h.db.prepare("INSERT INTO member_fields (member_id, key, value) VALUES (?, 'city', ?)").run(h.memberId(p), city);
});
afterAll(() => h.close());

const ids = (c: MemberCondition) => {
  const p = memberPredicate(c);
  return h.db.prepare(`SELECT m.id FROM members m WHERE ${p.sql} ORDER BY m.id`).pluck().all(...p.params) as number[];
};
const direct = (sql: string, ...params: unknown[]) => h.db.prepare(`SELECT id FROM members WHERE ${sql} ORDER BY id`).pluck().all(...params) as number[];

describe('member segments', () => {
  it('AND of a label and a city gives the same members as a direct SQL check', () => {
    const c: MemberCondition = { op: 'and', rules: [{ field: 'label', labelIds: [vip] }, { field: 'field', key: 'city', op: 'contains', value: '北京' }] };
    const want = direct(`id IN (SELECT member_id FROM member_labels WHERE label_id = ?) AND id IN (SELECT member_id FROM member_fields WHERE key = 'city' AND value LIKE '%北京%')`, vip);
    expect(ids(c)).toEqual(want);
    expect(want).toEqual([h.memberId('p1')]);
  });

  it('OR of a group and an activity threshold, nested with a NOT label', () => {
    const c: MemberCondition = {
      op: 'and',
      rules: [
        { op: 'or', rules: [{ field: 'group', groupIds: [groups[2]!] }, { field: 'activity', metric: 'messages', op: 'gte', value: 4 }] },
        { field: 'label', labelIds: [vip], negate: true },
      ],
    };
    const want = direct(
      `(id IN (SELECT member_id FROM memberships WHERE group_id = ? AND left_at IS NULL) OR (SELECT count(*) FROM messages WHERE sender_id = members.id) >= 4)
       AND id NOT IN (SELECT member_id FROM member_labels WHERE label_id = ?)`,
      groups[2],
      vip,
    );
    expect(want.length).toBeGreaterThan(1);
    expect(ids(c)).toEqual(want);
  });

  it('tags within a group, joined after a date, left, never spoke', () => {
    expect(ids({ op: 'and', rules: [{ field: 'tag', tags: ['new'], groupIds: [groups[0]!] }] })).toEqual(direct(`id IN (SELECT member_id FROM member_tags WHERE tag = 'new' AND group_id = ?)`, groups[0]));
    expect(ids({ op: 'and', rules: [{ field: 'joined', op: 'after', date: new Date(AS_OF - 4 * DAY).toISOString() }] })).toEqual(direct('id IN (SELECT member_id FROM memberships WHERE joined_at > ?)', AS_OF - 4 * DAY));
    expect(ids({ op: 'and', rules: [{ field: 'left', op: 'any' }] })).toEqual([h.memberId('p4')]);
    expect(ids({ op: 'and', rules: [{ field: 'lastMessage', op: 'never' }] })).toEqual(direct('id NOT IN (SELECT sender_id FROM messages WHERE sender_id IS NOT NULL)'));
    expect(ids({ op: 'and', rules: [{ field: 'field', key: 'city', op: 'empty' }] })).toHaveLength(direct('1').length - 3);
  });

  it('an empty condition selects everyone, and counts match the lists', () => {
    expect(ids({ op: 'or', rules: [] })).toEqual(direct('1'));
    const c: MemberCondition = { op: 'or', rules: [{ field: 'platform', platforms: ['qq'] }, { field: 'label', labelIds: [vip] }] };
    expect(countSegment(h.db, { target: 'members', condition: c })).toBe(ids(c).length);
  });

  it('property: any AND/OR tree of rules selects exactly what evaluating it member by member selects', () => {
    const all = direct('1');
    const tagList: AutoTag[] = ['new', 'active', 'silent', 'at-risk', 'kol'];
    const rule: fc.Arbitrary<MemberRule> = fc.oneof(
      fc.record({ field: fc.constant('tag' as const), tags: fc.subarray(tagList, { minLength: 1 }), negate: fc.boolean() }),
      fc.record({ field: fc.constant('label' as const), labelIds: fc.constant([vip]).map((x) => [...x]), negate: fc.boolean() }),
      fc.record({ field: fc.constant('group' as const), groupIds: fc.subarray([1, 2, 3], { minLength: 1 }), negate: fc.boolean() }),
      fc.record({ field: fc.constant('activity' as const), metric: fc.constantFrom('messages' as const, 'n7' as const, 'n30' as const, 'mentionsReceived' as const), op: fc.constantFrom('gte' as const, 'lte' as const), value: fc.integer({ min: 0, max: 5 }) }),
    );
    const tree = fc.letrec<{ c: MemberCondition }>((tie) => ({
      c: fc.record({ op: fc.constantFrom('and' as const, 'or' as const), rules: fc.array(fc.oneof({ depthSize: 'small' }, rule, tie('c')), { maxLength: 4 }) }),
    })).c;
    // Member by member, each rule as its own small query: a second, independent reading.
    const one = (id: number, r: MemberRule): boolean => {
      const q = (sql: string, ...p: unknown[]) => h.db.prepare(sql).get(...p) !== undefined;
      switch (r.field) {
        case 'tag':
          return q(`SELECT 1 FROM member_tags WHERE member_id = ? AND tag IN (${r.tags.map(() => '?').join(',')})`, id, ...r.tags) !== !!r.negate;
        case 'label':
          return q('SELECT 1 FROM member_labels WHERE member_id = ? AND label_id = ?', id, vip) !== !!r.negate;
        case 'group':
          return q(`SELECT 1 FROM memberships WHERE member_id = ? AND left_at IS NULL AND group_id IN (${r.groupIds.map(() => '?').join(',')})`, id, ...r.groupIds) !== !!r.negate;
        case 'activity': {
          const col = { messages: 'msg_count', n7: 'n7', n30: 'n30', mentionsReceived: 'mentions_received' }[r.metric as 'messages']!;
          const v = h.db.prepare(`SELECT ${col} FROM members WHERE id = ?`).pluck().get(id) as number;
          return r.op === 'gte' ? v >= r.value : v <= r.value;
        }
        default:
          throw new Error('not generated');
      }
    };
    const evaluate = (id: number, c: MemberCondition): boolean => {
      const parts = c.rules.map((x) => ('rules' in x ? evaluate(id, x) : one(id, x)));
      return parts.length === 0 ? true : c.op === 'and' ? parts.every(Boolean) : parts.some(Boolean);
    };
    fc.assert(
      fc.property(tree, (c) => {
        expect(ids(c)).toEqual(all.filter((id) => evaluate(id, c)));
      }),
      { numRuns: 150 },
    );
  });
});

describe('group segments and classes', () => {
  it('selects by platform, city, type and computed class (an override wins)', () => {
    storeGroupClasses(h.db, computeGroupClasses(h.db, AS_OF));
    expect(groupIdsOf(h.db, { op: 'and', rules: [{ field: 'city', op: 'contains', value: '北京' }] })).toEqual([groups[0]]);
    expect(groupIdsOf(h.db, { op: 'or', rules: [{ field: 'platform', platforms: ['telegram'] }, { field: 'city', op: 'eq', value: '上海' }] })).toEqual([groups[1], groups[2]]);
    const classOf = (id: number) => h.db.prepare('SELECT ifnull(class_override, class) FROM groups WHERE id = ?').pluck().get(id) as string;
    const dead = groupIdsOf(h.db, { op: 'and', rules: [{ field: 'class', classes: ['dead'] }] });
    expect(dead).toEqual(groups.filter((g) => classOf(g) === 'dead'));
    h.db.prepare("UPDATE groups SET class_override = 'high-value' WHERE id = ?").run(groups[0]);
    expect(groupIdsOf(h.db, { op: 'and', rules: [{ field: 'class', classes: ['high-value'] }] })).toContain(groups[0]);
    expect(countSegment(h.db, { target: 'groups', condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }] } })).toBe(3);
  });
});

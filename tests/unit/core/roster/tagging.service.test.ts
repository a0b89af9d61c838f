import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { ingestEvents, ingestMessages, type IncomingMessage } from '../../../../electron/core/inbox/ingest.service';
import { computeTags, retag, setOverride, type TagRow } from '../../../../electron/core/roster/tagging.service';
import { DEFAULT_THRESHOLDS } from '../../../../shared/domain/roster';
import { tmpDir } from '../../../helpers/tmp';

const DAY = 86_400_000;
const AS_OF = Date.parse('2026-11-20T12:00:00Z');
const base = { positioning: '', audience: '', city: '', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const };
let t: ReturnType<typeof tmpDir>;
let db: Db;
let seq = 0;

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'tags.db'));
  migrate(db);
});
afterEach(() => {
  db.close();
  t.cleanup();
});

const group = (name: string) => insertGroup(db, { ...base, platform: 'qq', name, groupType: 'C' }, AS_OF - 400 * DAY);
const person = (id: string) => ({ platformUserId: id, displayName: id });
function say(groupId: number, who: string, at: number, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  return { groupId, sourceKey: `s${++seq}`, sentAt: at, kind: 'text', text: `消息${seq}`, sender: person(who), ...extra };
}
const memberId = (uid: string) => (db.prepare('SELECT id FROM members WHERE platform_user_id = ?').get(uid) as { id: number }).id;
const tagsOf = (rows: TagRow[], uid: string, groupId?: number) =>
  rows
    .filter((r) => r.memberId === memberId(uid) && (groupId === undefined || r.groupId === groupId))
    .map((r) => r.tag)
    .sort();
const compute = (asOf = AS_OF, th = DEFAULT_THRESHOLDS) => computeTags(db, { asOf, thresholds: th, dayOffsetMs: 0 });

describe('auto-tags', () => {
  it('new: joined within 7 days; exactly 7 days is not new', () => {
    const g = group('群');
    ingestEvents(db, [
      { groupId: g, sourceKey: 'j1', at: AS_OF - 7 * DAY, kind: 'join', members: [person('seven')] },
      { groupId: g, sourceKey: 'j2', at: AS_OF - 7 * DAY + 1, kind: 'join', members: [person('fresh')] },
    ]);
    const rows = compute();
    expect(tagsOf(rows, 'fresh')).toEqual(['new']);
    expect(tagsOf(rows, 'seven')).toEqual(['silent']); // a member for 7 days who never spoke
  });

  it('active: 3 messages on 2 distinct days within 14 days; the window edge is outside', () => {
    const g = group('群');
    ingestMessages(db, [
      say(g, 'two-days', AS_OF - 2 * DAY),
      say(g, 'two-days', AS_OF - 2 * DAY + 60_000),
      say(g, 'two-days', AS_OF - DAY),
      say(g, 'one-day', AS_OF - 20 * DAY), // older: joined long ago
      say(g, 'one-day', AS_OF - DAY),
      say(g, 'one-day', AS_OF - DAY + 1000),
      say(g, 'one-day', AS_OF - DAY + 2000),
      say(g, 'edge', AS_OF - 14 * DAY),
      say(g, 'edge', AS_OF - 3 * DAY),
      say(g, 'edge', AS_OF - 2 * DAY),
    ]);
    const rows = compute();
    expect(tagsOf(rows, 'two-days')).toContain('active');
    expect(tagsOf(rows, 'one-day')).not.toContain('active');
    expect(tagsOf(rows, 'edge')).not.toContain('active');
    const ev = rows.find((r) => r.memberId === memberId('two-days') && r.tag === 'active')!.evidence;
    expect(ev).toEqual({ messages: 3, days: 2, windowDays: 14 });
  });

  it('active counts whole days: a message every day for 15 dates inside 14×24 h still reads "14 days of 14"', () => {
    const g = group('群');
    // AS_OF is 12:00; 13:00 fourteen days back is within 14×24 h but on a 15th date.
    ingestMessages(db, [...Array.from({ length: 14 }, (_, i) => say(g, 'daily', AS_OF - 14 * DAY + 60 * 60_000 + i * DAY)), say(g, 'daily', AS_OF - 60 * 60_000)]);
    const ev = compute().find((r) => r.memberId === memberId('daily') && r.tag === 'active')!.evidence;
    expect(ev).toEqual({ messages: 14, days: 14, windowDays: 14 });
  });

  it('silent: no message in 30 days; a member who left has no tags; two groups, two different tags', () => {
    const a = group('甲群');
    const b = group('乙群');
    ingestMessages(db, [
      say(a, 'quiet', AS_OF - 36 * DAY), // before the at-risk window too
      say(b, 'quiet', AS_OF - 3 * DAY),
      say(b, 'quiet', AS_OF - 2 * DAY),
      say(b, 'quiet', AS_OF - DAY),
      say(a, 'gone', AS_OF - 40 * DAY),
    ]);
    ingestEvents(db, [{ groupId: a, sourceKey: 'l1', at: AS_OF - 10 * DAY, kind: 'leave', members: [person('gone')] }]);
    const rows = compute();
    expect(tagsOf(rows, 'quiet', a)).toEqual(['silent']);
    expect(tagsOf(rows, 'quiet', b)).toEqual(['active', 'new']); // first seen in 乙群 3 days ago
    expect(tagsOf(rows, 'gone')).toEqual([]);
    expect(rows.find((r) => r.tag === 'silent')!.evidence).toEqual({ lastMessageAt: AS_OF - 36 * DAY, windowDays: 30 });
  });

  it('at-risk: a top-25% speaker of the 28 days before the last 7 who has gone quiet', () => {
    const g = group('群');
    const msgs: IncomingMessage[] = [];
    const prior = (who: string, n: number) => {
      for (let i = 0; i < n; i++) msgs.push(say(g, who, AS_OF - 30 * DAY + i * 3600_000));
    };
    prior('top', 20);
    prior('second', 10);
    prior('third', 5);
    prior('fourth', 2);
    msgs.push(say(g, 'second', AS_OF - 2 * DAY));
    ingestMessages(db, msgs);
    const rows = compute();
    expect(tagsOf(rows, 'top')).toContain('at-risk');
    for (const who of ['second', 'third', 'fourth']) expect(tagsOf(rows, who)).not.toContain('at-risk');
    // If the top speaker spoke in the last 7 days, nobody is at risk (the second spoke too).
    ingestMessages(db, [say(g, 'top', AS_OF - DAY)]);
    expect(compute().filter((r) => r.tag === 'at-risk')).toEqual([]);
  });

  it('levels exclude each other: gone quiet this week is 流失风险, not 活跃 too; silent for a month is 潜水, not 流失风险 too', () => {
    const g = group('群');
    const h = group('老群');
    const msgs: IncomingMessage[] = [];
    // 'drifting' spoke a lot 8–12 days ago (active by the 14-day rule) and not in the last 7.
    for (let i = 0; i < 12; i++) msgs.push(say(g, 'drifting', AS_OF - 12 * DAY + (i % 4) * DAY));
    // 'gone' was the top speaker 31–34 days ago: inside the at-risk prior window, outside the silent one.
    for (let i = 0; i < 20; i++) msgs.push(say(h, 'gone', AS_OF - 34 * DAY + (i % 3) * DAY));
    for (let i = 0; i < 3; i++) msgs.push(say(g, 'steady', AS_OF - (i + 1) * DAY));
    ingestMessages(db, msgs);
    const rows = compute();
    expect(tagsOf(rows, 'drifting')).toEqual(['at-risk']);
    expect(tagsOf(rows, 'gone')).toEqual(['silent']);
    expect(tagsOf(rows, 'steady')).toEqual(['active', 'new']); // first seen 3 days ago: 新人 sits beside the level
    // The at-risk evidence says what it replaced: the activity the 14-day rule still sees.
    const ev = rows.find((r) => r.memberId === memberId('drifting') && r.tag === 'at-risk')!.evidence;
    expect(ev).toMatchObject({ rank: 1, recentDays: 7, activeMessages: 12, activeDays: 4 });
    // With the rules' windows as tags, every membership carries at most one level.
    const levels = new Map<string, number>();
    for (const r of rows) if (r.tag === 'active' || r.tag === 'at-risk' || r.tag === 'silent') levels.set(`${r.groupId}:${r.memberId}`, (levels.get(`${r.groupId}:${r.memberId}`) ?? 0) + 1);
    expect([...levels.values()].every((n) => n === 1)).toBe(true);
  });

  it('KOL is a role beside the level: a KOL who went quiet is KOL and 流失风险', () => {
    const g = group('群');
    const msgs: IncomingMessage[] = [];
    for (let i = 0; i < 10; i++) msgs.push(say(g, 'expert', AS_OF - 20 * DAY + i * 3600_000, i === 0 ? { sourceKey: 'tip' } : {}));
    for (const who of ['a', 'b', 'c', 'd']) msgs.push(say(g, who, AS_OF - 19 * DAY, { replyToKey: 'tip' }));
    ingestMessages(db, msgs);
    expect(tagsOf(compute(), 'expert')).toEqual(['at-risk', 'kol']);
  });

  it('KOL is influence, not volume: replied to and mentioned by distinct members', () => {
    const g = group('群');
    const msgs: IncomingMessage[] = [];
    for (let i = 0; i < 60; i++) msgs.push(say(g, 'loud', AS_OF - 5 * DAY + i * 60_000));
    msgs.push(say(g, 'expert', AS_OF - 4 * DAY, { sourceKey: 'insight' }));
    for (const who of ['a', 'b', 'c']) msgs.push(say(g, who, AS_OF - 3 * DAY, { replyToKey: 'insight' }));
    msgs.push(say(g, 'd', AS_OF - 2 * DAY, { mentions: [person('expert')] }));
    msgs.push(say(g, 'a', AS_OF - 2 * DAY, { mentions: [person('expert')] })); // a again: counted once
    for (let i = 0; i < 20; i++) msgs.push(say(g, `lurker${i}`, AS_OF - 40 * DAY));
    ingestMessages(db, msgs);
    const rows = compute();
    expect(tagsOf(rows, 'expert')).toContain('kol');
    expect(tagsOf(rows, 'loud')).not.toContain('kol');
    expect(rows.find((r) => r.tag === 'kol')!.evidence).toMatchObject({ people: 4, repliedBy: 3, mentionedBy: 2, answered: 0, rank: 1 });
    // Below the floor of 3 people, nobody is a KOL however they rank.
    expect(compute(AS_OF, { ...DEFAULT_THRESHOLDS, kolMinPeople: 5 }).filter((r) => r.tag === 'kol')).toEqual([]);
  });

  it('a manual "not KOL" or "KOL" always wins, and re-tag stores tags with evidence', () => {
    const g = group('群');
    const msgs: IncomingMessage[] = [say(g, 'expert', AS_OF - 4 * DAY, { sourceKey: 'q' })];
    for (const who of ['a', 'b', 'c']) msgs.push(say(g, who, AS_OF - 3 * DAY, { replyToKey: 'q' }));
    ingestMessages(db, msgs);
    setOverride(db, g, memberId('expert'), 'kol', 'off', AS_OF);
    setOverride(db, g, memberId('a'), 'kol', 'on', AS_OF);
    const rows = compute();
    expect(tagsOf(rows, 'expert')).not.toContain('kol');
    expect(rows.filter((r) => r.tag === 'kol').map((r) => [r.memberId, r.source])).toEqual([[memberId('a'), 'manual']]);
    const counts = retag(db, { asOf: AS_OF, thresholds: DEFAULT_THRESHOLDS, dayOffsetMs: 0 });
    expect(counts.kol).toBe(1);
    expect(db.prepare(`SELECT count(*) AS n FROM member_tags WHERE tag = 'new'`).get()).toEqual({ n: counts.new });
    setOverride(db, g, memberId('expert'), 'kol', null, AS_OF);
    expect(tagsOf(compute(), 'expert')).toContain('kol');
  });

  it('as of a past date re-evaluates every rule at that moment', () => {
    const g = group('群');
    ingestMessages(db, [say(g, 'early', AS_OF - 60 * DAY), say(g, 'early', AS_OF - 59 * DAY), say(g, 'early', AS_OF - 58 * DAY)]);
    expect(tagsOf(compute(), 'early')).toEqual(['silent']);
    expect(tagsOf(compute(AS_OF - 57 * DAY), 'early')).toEqual(['active', 'new']);
    // Before they joined, they are not a member at all.
    expect(tagsOf(compute(AS_OF - 61 * DAY), 'early')).toEqual([]);
  });
});

/**
 * Playbooks on a real file and a fixed clock in Asia/Shanghai: the 7-day activation applied to a
 * group created on a given day yields exactly its dated posts and tasks; applying again asks, and
 * replacing keeps what was sent or ticked without doubling; the "three most active newcomers" are
 * named from the roster on the task's day; progress per group; the operator's own playbooks.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import * as cal from '../../../../electron/core/calendar/calendar.service';
import * as pb from '../../../../electron/core/calendar/playbooks.service';
import { AppError } from '../../../../shared/errors';
import { tmpDir } from '../../../helpers/tmp';

const bj = (s: string) => Date.parse(`${s}+08:00`);
const base = { positioning: '', audience: '', owner: '小李', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const, groupType: 'C' as const, city: '北京' };
const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

let t: ReturnType<typeof tmpDir>;
let db: Db;
let now: number;
let g: number;
const d = () => ({ db, locale: 'zh-CN' as const, now: () => now });
const apply = (x: Partial<{ key: string; start: string; replace: boolean; groups: number[] }> = {}) => pb.applyPlaybook(d(), { key: x.key ?? '新群7日激活', target: { groupIds: x.groups ?? [g] }, start: x.start ?? '2026-12-08', replace: x.replace ?? false });
function caught(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
const posts = () => db.prepare('SELECT at, title, status, targeting FROM calendar_entries ORDER BY at, id').all() as { at: number; title: string; status: string; targeting: string }[];

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'ws.db'));
  migrate(db);
  now = bj('2026-12-08T09:00');
  g = insertGroup(db, { ...base, platform: 'wechat', name: '新群' }, now);
  cal.setCalendarSettings(d(), { timeZone: 'Asia/Shanghai', scoreHours: 6 });
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('the 7-day activation', () => {
  it('applied to a group created on 12-08 yields exactly its dated posts (drafts for the group) and tasks', () => {
    expect(apply()).toEqual({ runs: 1, entries: 5, tasks: 3, replaced: 0 });
    expect(posts().map((p) => [local(p.at), p.title, p.status, JSON.parse(p.targeting)])).toEqual([
      ['2026-12-08 10:00', '欢迎 + 群规', 'draft', { groupIds: [g] }],
      ['2026-12-09 20:00', '自我介绍接龙', 'draft', { groupIds: [g] }],
      ['2026-12-10 14:00', '第一个话题', 'draft', { groupIds: [g] }],
      ['2026-12-11 20:00', '第一个案例', 'draft', { groupIds: [g] }],
      ['2026-12-13 14:00', '话题互动', 'draft', { groupIds: [g] }],
    ]);
    const tasks = pb.listTasks(d(), { runId: pb.listRuns(d())[0]!.id });
    expect(tasks.map((x) => [local(Date.parse(x.at)), x.title, x.state])).toEqual([
      ['2026-12-08 10:30', '置顶群规', 'due'],
      ['2026-12-11 21:00', '1v1：最活跃的三位新人', 'upcoming'],
      ['2026-12-14 20:00', '第 7 天复盘', 'upcoming'],
    ]);
    // The posts are the playbook's own entries on the calendar.
    const day = cal.rangeView(d(), { from: '2026-12-08', to: '2026-12-08', filter: {} });
    expect(day.entries.map((e) => [e.columnName, e.title, e.groups])).toEqual([['新群7日激活', '欢迎 + 群规', 1]]);
    expect(day.entries[0]!.body).toContain('{{group.owner}}');
  });

  it('applying again asks; replacing keeps what was sent or ticked and never doubles', () => {
    apply();
    const again = caught(() => apply());
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('已经应用到 1 个群（新群）');
    expect(posts()).toHaveLength(5);
    // One post was skipped on purpose and one task ticked: both stay as they are.
    const first = posts()[0]!;
    const id = (db.prepare('SELECT id FROM calendar_entries WHERE at = ?').get(first.at) as { id: number }).id;
    cal.skipEntry(d(), id);
    const run = pb.listRuns(d())[0]!;
    const pin = pb.listTasks(d(), { runId: run.id })[0]!;
    expect(pb.setTaskDone(d(), pin.id, true, '小王')).toMatchObject({ state: 'done', doneBy: '小王' });
    expect(apply({ replace: true })).toEqual({ runs: 1, entries: 4, tasks: 2, replaced: 6 });
    expect(posts()).toHaveLength(5);
    expect(posts().filter((p) => p.status === 'skipped')).toHaveLength(1);
    expect(pb.listTasks(d(), { runId: run.id }).map((x) => x.state)).toEqual(['done', 'upcoming', 'upcoming']);
    expect(pb.listRuns(d())).toHaveLength(1);
  });

  it('names the three most active newcomers from the roster on the task’s day, not before', () => {
    apply();
    const member = db.prepare('INSERT INTO members (platform, platform_user_id, display_name, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)');
    const join = db.prepare("INSERT INTO memberships (group_id, member_id, role, joined_at) VALUES (?, ?, ?, ?)");
    const say = db.prepare("INSERT INTO messages (group_id, sender_id, sent_at, kind, text, source_key) VALUES (?, ?, ?, 'text', 'hi', ?)");
    const people: [string, string, number][] = [['阿一', 'member', 5], ['阿二', 'member', 3], ['阿三', 'member', 1], ['阿四', 'member', 2], ['群管', 'admin', 9], ['沉默', 'member', 0]];
    let k = 0;
    for (const [name, role, n] of people) {
      const m = Number(member.run('wechat', name, name, now, now).lastInsertRowid);
      join.run(g, m, role, bj('2026-12-08T09:30'));
      for (let i = 0; i < n; i++) say.run(g, m, bj('2026-12-09T12:00') + i * 60_000, `k${k++}`);
    }
    // An old member who spoke a lot is not a newcomer.
    const old = Number(member.run('wechat', 'old', '老人', now, now).lastInsertRowid);
    join.run(g, old, 'member', bj('2026-10-01T09:00'));
    for (let i = 0; i < 20; i++) say.run(g, old, bj('2026-12-09T13:00') + i * 60_000, `k${k++}`);
    const task = () => pb.listTasks(d(), { from: '2026-12-11', to: '2026-12-11' })[0]!;
    expect(task().members).toEqual([]);
    now = bj('2026-12-11T08:00');
    expect(task().members.map((m) => [m.name, m.messages])).toEqual([['阿一', 5], ['阿二', 3], ['阿四', 2]]);
    expect(task().state).toBe('due');
    now = bj('2026-12-12T08:00');
    expect(task().state).toBe('overdue');
    expect(pb.listRuns(d())[0]!.tasks).toEqual({ done: 0, due: 0, overdue: 2, upcoming: 1 });
  });

  it('applies to a segment of new groups, one run each', () => {
    const g2 = insertGroup(db, { ...base, platform: 'qq', name: '新群二' }, now);
    expect(apply({ groups: [g, g2] })).toEqual({ runs: 2, entries: 10, tasks: 6, replaced: 0 });
    expect(pb.listRuns(d()).map((r) => r.groupName).sort()).toEqual(['新群', '新群二']);
  });
});

describe('playbooks', () => {
  it('ships three in both languages, and the operator writes and duplicates their own', () => {
    expect(pb.listPlaybooks(d()).map((p) => [p.name, p.builtin])).toEqual([['新群7日激活', true], ['月度计划', true], ['日常栏目', true]]);
    expect(pb.listPlaybooks({ ...d(), locale: 'en' }).map((p) => p.name)).toEqual(['New group 7-day activation', 'Monthly plan', 'Daily columns']);
    expect(pb.listPlaybooks(d()).find((p) => p.name === '日常栏目')!.steps).toHaveLength(21);
    const copy = pb.duplicatePlaybook(d(), 'builtin:activation-7d');
    expect(copy).toMatchObject({ name: '新群7日激活 副本', builtin: false, runs: 0 });
    expect(copy.steps).toHaveLength(8);
    const mine = pb.savePlaybook(d(), { id: copy.id!, name: '我的激活', description: '', steps: [copy.steps[1]!, copy.steps[0]!] });
    expect(mine.steps.map((s) => s.title)).toEqual(['欢迎 + 群规', '置顶群规']);
    expect(caught(() => pb.savePlaybook(d(), { name: '月度计划', description: '', steps: mine.steps })).code).toBe('CONFLICT');
    expect(apply({ key: '我的激活' })).toMatchObject({ entries: 1, tasks: 1 });
    expect(pb.listPlaybooks(d()).find((p) => p.name === '我的激活')!.runs).toBe(1);
    expect(caught(() => apply({ key: '没有这个剧本' })).code).toBe('NOT_FOUND');
  });
});

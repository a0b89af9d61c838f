/**
 * `qunzhu calendar list|ics` on a workspace with a column and entries written through the core:
 * JSON and CSV rows, a group filter, and an ICS file read back by an independent parser (ical.js).
 */
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, UsageError } from '../../../electron/cli/main';
import { createCore } from '../../../electron/core/create-core';
import { callOk } from '../../helpers/transports';
import { cliOutput, demoDbPerFile } from '../../helpers/cli';

const demo = demoDbPerFile();
let groups: { id: number; name: string }[] = [];

beforeAll(async () => {
  const core = createCore({ dbPath: demo.db });
  const api = { call: (m: string, p: unknown) => core.call(m, p) } as Parameters<typeof callOk>[0];
  try {
    await core.workspaces.ready;
    await callOk(api, 'calendar.setSettings', { settings: { timeZone: 'Asia/Shanghai', scoreHours: 6 } });
    groups = (await callOk<{ id: number; name: string }[]>(api, 'groups.list')).slice(0, 2);
    const col = await callOk<{ id: number }>(api, 'calendar.saveColumn', { name: '早报测试', color: '#1677ff', target: { groupIds: groups.map((g) => g.id) }, pattern: { kind: 'daily', time: '08:30' }, startDay: '2030-01-01' });
    await callOk(api, 'calendar.saveEntry', { columnId: col.id, at: '2030-01-02T00:30:00.000Z', title: '新年早报; 第一期', body: '早上好，{{group.name}}\n今天聊聊年度计划' });
    await callOk(api, 'calendar.saveEntry', { columnId: col.id, at: '2030-01-03T00:30:00.000Z', target: { groupIds: [groups[1]!.id] }, title: '专属', body: '只给一个群', status: 'idea' });
  } finally {
    core.close();
  }
});

describe('qunzhu calendar', () => {
  it('lists the entries of a range as JSON, one row each, in the operator’s zone', async () => {
    const rows = JSON.parse(await cliOutput(['calendar', 'list', '--db', demo.db, '--from', '2030-01-01', '--to', '2030-01-31', '--format', 'json'])) as Record<string, unknown>[];
    expect(rows.map((r) => [r.date, r.time, r.column, r.group, r.groups, r.status, r.title, r.score])).toEqual([
      ['2030-01-02', '08:30', '早报测试', '', 2, 'draft', '新年早报; 第一期', null],
      ['2030-01-03', '08:30', '早报测试', groups[1]!.name, 1, 'idea', '专属', null],
    ]);
    const one = JSON.parse(await cliOutput(['calendar', 'list', '--db', demo.db, '--from', '2030-01-01', '--to', '2030-01-31', '--group', groups[0]!.name])) as { date: string; group: string }[];
    expect(one.map((r) => [r.date, r.group])).toEqual([['2030-01-02', groups[0]!.name]]);
  });

  it('prints CSV with Chinese headers', async () => {
    const csv = (await cliOutput(['calendar', 'list', '--db', demo.db, '--from', '2030-01-01', '--to', '2030-01-31', '--format', 'csv'])).split('\r\n');
    expect(csv[0]).toBe('日期,时间,栏目,群,群数,状态,标题,负责人,效果评分');
    expect(csv[1]).toBe('2030-01-02,08:30,早报测试,,2,草稿,新年早报; 第一期,,');
    expect(csv).toHaveLength(3);
  });

  it('writes an ICS file another parser reads: one event per entry, times, texts and statuses intact', async () => {
    const file = path.join(demo.dir, 'feed', 'calendar.ics');
    const printed = JSON.parse(await cliOutput(['calendar', 'ics', '--db', demo.db, '--from', '2030-01-01', '--to', '2030-01-31', '--out', file])) as { events: number };
    expect(printed.events).toBe(2);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8')));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.startDate.toJSDate().toISOString(), e.summary])).toEqual([
      [expect.stringMatching(/^entry-\d+@qunzhu$/), '2030-01-02T00:30:00.000Z', '早报测试 · 新年早报; 第一期'],
      [expect.stringMatching(/^entry-\d+@qunzhu$/), '2030-01-03T00:30:00.000Z', '早报测试 · 专属'],
    ]);
    expect(events[0]!.description).toContain('早上好，{{group.name}}\n今天聊聊年度计划');
    expect(events[0]!.description).toContain('状态: 草稿');
    expect(cal.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('status'))).toEqual(['TENTATIVE', 'TENTATIVE']);
  });

  it('refuses a missing or malformed range and an unknown group', async () => {
    await expect(run(['calendar', 'list', '--db', demo.db, '--from', '2030-01-01'], () => {})).rejects.toBeInstanceOf(UsageError);
    await expect(run(['calendar', 'list', '--db', demo.db, '--from', '2030/01/01', '--to', '2030-01-31'], () => {})).rejects.toBeInstanceOf(UsageError);
    await expect(run(['calendar', 'ics', '--db', demo.db, '--from', '2030-01-01', '--to', '2030-01-31'], () => {})).rejects.toThrow(/--out/);
    await expect(run(['calendar', 'list', '--db', demo.db, '--from', '2030-01-01', '--to', '2030-01-31', '--group', '没有这个群'], () => {})).rejects.toThrow(/no such group/);
  });
});

describe('qunzhu playbook apply', () => {
  it('applies the 7-day activation to a group from a start day, refuses a second time without --replace', async () => {
    const g = groups[0]!.name;
    const args = ['playbook', 'apply', '--db', demo.db, '--playbook', '新群7日激活', '--group', g, '--start', '2030-02-04'];
    expect(JSON.parse(await cliOutput(args))).toEqual({ playbook: '新群7日激活', runs: 1, entries: 5, tasks: 3, replaced: 0 });
    await expect(run(args, () => {})).rejects.toThrow(/已经应用到 1 个群/);
    expect(JSON.parse(await cliOutput([...args, '--replace']))).toEqual({ playbook: '新群7日激活', runs: 1, entries: 5, tasks: 3, replaced: 8 });
    const rows = JSON.parse(await cliOutput(['calendar', 'list', '--db', demo.db, '--from', '2030-02-04', '--to', '2030-02-10', '--group', g])) as { kind: string; date: string; time: string; column: string; group: string; status: string; title: string }[];
    expect(rows.map((r) => [r.kind, r.date, r.time, r.column, r.group, r.status, r.title])).toEqual([
      ['entry', '2030-02-04', '10:00', '新群7日激活', g, 'draft', '欢迎 + 群规'],
      ['task', '2030-02-04', '10:30', '新群7日激活', g, 'upcoming', '置顶群规'],
      ['entry', '2030-02-05', '20:00', '新群7日激活', g, 'draft', '自我介绍接龙'],
      ['entry', '2030-02-06', '14:00', '新群7日激活', g, 'draft', '第一个话题'],
      ['entry', '2030-02-07', '20:00', '新群7日激活', g, 'draft', '第一个案例'],
      ['task', '2030-02-07', '21:00', '新群7日激活', g, 'upcoming', '1v1：最活跃的三位新人'],
      ['entry', '2030-02-09', '14:00', '新群7日激活', g, 'draft', '话题互动'],
      ['task', '2030-02-10', '20:00', '新群7日激活', g, 'upcoming', '第 7 天复盘'],
    ]);
    await expect(run(['playbook', 'apply', '--db', demo.db, '--playbook', '新群7日激活', '--group', g], () => {})).rejects.toThrow(/--start/);
  });
});

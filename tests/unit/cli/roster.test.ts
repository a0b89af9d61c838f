import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, UsageError } from '../../../electron/cli/main';
import { parseTag } from '../../../electron/cli/roster-command';
import { cliOutput, demoDbPerFile } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';
import { qqGroupExport } from '../../fixtures/generators/qq-group';

const demo = demoDbPerFile();

const roster = (...args: string[]) => cliOutput(['roster', '--db', demo.db, ...args]);

describe('qunzhu roster', () => {
  it('prints the KOLs of one group as JSON; every row carries the tag', async () => {
    const rows = JSON.parse(await roster('--format', 'json', '--tag', 'KOL', '--group', '北京运营交流群')) as { name: string; tags: string[]; platformUserId: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.tags.includes('kol'))).toBe(true);
    const everyone = JSON.parse(await roster('--format', 'json')) as unknown[];
    expect(everyone.length).toBeGreaterThan(rows.length);
  });

  it('prints CSV with localized headers, the same members as JSON, and writes --out files with a BOM', async () => {
    const json = JSON.parse(await roster('--format', 'json', '--tag', '潜水')) as { platformUserId: string }[];
    const csv = (await roster('--format', 'csv', '--tag', '潜水')).split('\r\n');
    expect(csv[0]).toMatch(/^平台ID,平台,昵称/);
    expect(csv.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(json.map((r) => r.platformUserId).sort());
    const file = path.join(demo.dir, 'r.csv');
    expect(await roster('--format', 'csv', '--out', file)).toBe('');
    expect(fs.readFileSync(file, 'utf8').charCodeAt(0)).toBe(0xfeff);
  });

  it('--as-of re-tags as of a past date first: before the demo began nobody is tagged', async () => {
    expect(JSON.parse(await roster('--format', 'json', '--tag', 'active', '--as-of', '2020-01-01'))).toEqual([]);
    expect(JSON.parse(await roster('--format', 'json', '--tag', 'active', '--as-of', new Date().toISOString())).length).toBeGreaterThan(0);
  });

  it('refuses a missing format, an unknown tag or group, with clear messages', async () => {
    await expect(run(['roster', '--db', demo.db], () => {})).rejects.toBeInstanceOf(UsageError);
    await expect(run(['roster', '--db', demo.db, '--format', 'json', '--tag', 'vip'], () => {})).rejects.toThrow(/must be one of/);
    await expect(run(['roster', '--db', demo.db, '--format', 'json', '--group', '没有这个群'], () => {})).rejects.toThrow(/no such group/);
    expect(parseTag('At risk')).toBe('at-risk');
    expect(parseTag('流失风险')).toBe('at-risk');
  });
});

describe('qunzhu import, then qunzhu roster, in a new workspace', () => {
  it('shows every sender with their messages and tags, without a re-tag in between', async () => {
    const t = tmpDir();
    try {
      // The CLI's clock is the real one: the export ends an hour ago.
      const qq = qqGroupExport({ end: Date.now() - 3_600_000, senders: 20, messages: 200 });
      const file = path.join(t.dir, 'qq_group.txt');
      fs.writeFileSync(file, qq.text);
      const db = path.join(t.dir, 'new.db');
      await cliOutput(['import', '--db', db, '--tz', 'Asia/Shanghai', file]);
      const rows = JSON.parse(await cliOutput(['roster', '--db', db, '--format', 'json'])) as { platformUserId: string; messages: number; lastMessageAt: string | null; tags: string[] }[];
      const posters = rows.filter((r) => qq.bySender.has(r.platformUserId));
      expect(posters.map((r) => [r.platformUserId, r.messages, r.lastMessageAt]).sort()).toEqual(
        [...qq.bySender].map(([id, s]) => [id, s.messages, new Date(s.last).toISOString()]).sort(),
      );
      expect(posters.some((r) => r.tags.includes('active'))).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});

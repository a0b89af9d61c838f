import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, UsageError } from '../../../electron/cli/main';
import { tmpDir } from '../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
let db: string;
beforeEach(async () => {
  t = tmpDir();
  db = path.join(t.dir, 'demo.db');
  expect(await run(['demo', '--db', db], () => {})).toBe(0);
});
afterEach(() => t.cleanup());

interface Row {
  id: number;
  group: string;
  groupId: number;
  sender: string | null;
  time: string;
  text: string;
}

async function search(...args: string[]): Promise<Row[]> {
  const out: string[] = [];
  expect(await run(['search', '--db', db, ...args], (s) => out.push(s))).toBe(0);
  return JSON.parse(out.join('\n')) as Row[];
}

describe('qunzhu search', () => {
  it('prints matches as JSON, newest first, paging past 200 up to --limit', async () => {
    const rows = await search('社群', '--limit', '250');
    expect(rows.length).toBe(250);
    expect(new Set(rows.map((r) => r.id)).size).toBe(250);
    for (const r of rows) expect(r.text).toContain('社群');
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.time >= rows[i]!.time).toBe(true);
    expect(Object.keys(rows[0]!).sort()).toEqual(['group', 'groupId', 'id', 'sender', 'text', 'time']);
  });

  it('filters by group name or id, and accepts the query operators', async () => {
    const byName = await search('社群', '--group', '北京运营交流群', '--limit', '20');
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((r) => r.group === '北京运营交流群')).toBe(true);
    const byId = await search('社群', '--group', String(byName[0]!.groupId), '--limit', '20');
    expect(byId.map((r) => r.id)).toEqual(byName.map((r) => r.id));
    const from = await search(`from:${byName[0]!.sender} 社群`, '--limit', '5');
    expect(from.every((r) => r.sender === byName[0]!.sender)).toBe(true);
    expect(await search('没有这种内容的词语组合')).toEqual([]);
  });

  it('explains a missing query or a bad limit as a usage error', async () => {
    await expect(run(['search', '--db', db], () => {})).rejects.toThrowError(UsageError);
    await expect(run(['search', '--db', db, '社群', '--limit', '0'], () => {})).rejects.toThrowError(/--limit/);
  });
});

describe('qunzhu retag', () => {
  it('prints counts per tag as JSON, now or as of a date', async () => {
    const out: string[] = [];
    expect(await run(['retag', '--db', db], (s) => out.push(s))).toBe(0);
    const now = JSON.parse(out[0]!) as { counts: Record<string, number>; asOf: string };
    expect(Object.keys(now.counts).sort()).toEqual(['active', 'at-risk', 'kol', 'new', 'silent']);
    expect(now.counts.active).toBeGreaterThan(0);
    expect(await run(['retag', '--db', db, '--as-of', '2020-01-01'], (s) => out.push(s))).toBe(0);
    const past = JSON.parse(out[1]!) as { counts: Record<string, number>; asOf: string };
    expect(past.asOf).toBe(new Date(Date.parse('2020-01-01')).toISOString());
    expect(Object.values(past.counts).every((n) => n === 0)).toBe(true);
    await expect(run(['retag', '--db', db, '--as-of', 'someday'], () => {})).rejects.toThrowError(/--as-of/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildActivity } from '../../../../electron/core/roster/activity.service';
import { ingestMessages } from '../../../../electron/core/inbox/ingest.service';
import * as roster from '../../../../electron/core/roster/roster.service';
import type { ServiceDeps } from '../../../../electron/core/service-deps';
import { exportRoster, importRosterFile } from '../../../../electron/core/roster/roster-io.service';
import { defuseCell } from '../../../../electron/core/files/spreadsheet';
import { retag } from '../../../../electron/core/roster/tagging.service';
import { ROSTER_SORTS } from '../../../../shared/api/roster';
import { DEFAULT_THRESHOLDS } from '../../../../shared/domain/roster';
import { AppError } from '../../../../shared/errors';
import { DAY, history, type History } from '../../../helpers/history';
import { tmpDir } from '../../../helpers/tmp';

const AS_OF = Date.parse('2026-11-20T12:00:00Z');
let h: History;
let d: ServiceDeps;
let g1: number;
let g2: number;
const t = tmpDir();

beforeAll(() => {
  h = history('roster.db');
  d = { db: h.db, locale: 'zh-CN', now: () => AS_OF };
  g1 = h.group('北京运营交流群');
  g2 = h.group('上海群');
  // 60 people, of whom the 9 with i % 7 == 0 never speak (so 51 are known); some share names (ties in the name sort).
  const msgs = Array.from({ length: 60 }, (_, i) => i).flatMap((i) =>
    Array.from({ length: i % 7 }, (_, k) => h.say(i % 2 ? g1 : g2, `u${i}`, AS_OF - (k * 5 + (i % 3)) * DAY, { sender: { platformUserId: `u${i}`, displayName: i % 10 === 0 ? '同名' : `成员${i}` } })),
  );
  ingestMessages(h.db, msgs);
  rebuildActivity(h.db, { asOf: AS_OF, dayOffsetMs: 0 });
  retag(h.db, { asOf: AS_OF, thresholds: DEFAULT_THRESHOLDS, dayOffsetMs: 0 });
});
afterAll(() => {
  h.close();
  t.cleanup();
});

const all = (filter: Parameters<typeof roster.listMembers>[1]['filter'], sort: Parameters<typeof roster.listMembers>[1]['sort'], limit = 7) => {
  const out: number[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = roster.listMembers(d, { filter, sort, cursor, at: 0, limit });
    out.push(...page.items.map((x) => x.id));
    if (!page.next) return out;
    cursor = page.next;
  }
};

describe('roster list', () => {
  it('keyset pages in every sort order: no gaps, no repeats, the order of one ORDER BY', () => {
    const total = roster.countMembers(d, {});
    expect(total).toBe(51);
    for (const by of ROSTER_SORTS)
      for (const dir of ['asc', 'desc'] as const) {
        const ids = all({}, { by, dir });
        expect(new Set(ids).size, `${by} ${dir}`).toBe(total);
        const key = roster.SORT_KEY[by];
        const want = h.db.prepare(`SELECT m.id FROM members m ORDER BY ${key} ${dir}, m.id ${dir}`).pluck().all() as number[];
        expect(ids, `${by} ${dir}`).toEqual(want);
      }
  });

  it('filters combine: a group, tags within that group, a search by name or id', () => {
    const active = all({ groupIds: [g1], tags: ['active'] }, { by: 'name', dir: 'asc' });
    const want = h.db.prepare("SELECT member_id FROM member_tags WHERE group_id = ? AND tag = 'active' ORDER BY member_id").pluck().all(g1) as number[];
    expect(want.length).toBeGreaterThan(0);
    expect([...active].sort((a, b) => a - b)).toEqual(want);
    expect(roster.listMembers(d, { filter: { query: '同名' }, sort: { by: 'name', dir: 'asc' }, cursor: null, at: 0, limit: 100 }).items).toHaveLength(5);
    expect(roster.listMembers(d, { filter: { query: 'u13' }, sort: { by: 'name', dir: 'asc' }, cursor: null, at: 0, limit: 100 }).items.map((x) => x.platformUserId)).toEqual(['u13']);
    // LIKE wildcards in a query are literal.
    expect(roster.countMembers(d, { query: '%' })).toBe(0);
  });

  it('uses an index for the sort order (no full sort of the members)', () => {
    for (const by of ROSTER_SORTS) {
      const plan = roster.explainListMembers(d, {}, { by, dir: 'desc' }).join('\n');
      expect(plan, by).toMatch(/USING (COVERING )?INDEX members_/);
      expect(plan, by).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('a jump to any row starts the page there, and paging on from its start cursor continues it', () => {
    for (const [by, dir] of [
      ['name', 'asc'],
      ['lastMessage', 'desc'],
      ['n30', 'desc'],
    ] as const) {
      const sort = { by, dir };
      const ids = all({}, sort);
      for (const at of [1, 6, 7, 25, 50]) {
        const page = roster.listMembers(d, { filter: {}, sort, cursor: null, at, limit: 7 });
        expect(page.items.map((x) => x.id), `${by} at ${at}`).toEqual(ids.slice(at, at + 7));
        // `start` loads the same page again; `next` carries on after it.
        expect(roster.listMembers(d, { filter: {}, sort, cursor: page.start, at: 0, limit: 7 }).items).toEqual(page.items);
        if (page.next) expect(roster.listMembers(d, { filter: {}, sort, cursor: page.next, at: 0, limit: 7 }).items.map((x) => x.id)).toEqual(ids.slice(at + 7, at + 14));
      }
      // Past the end: an empty page, nothing after it.
      for (const at of [ids.length, ids.length + 10]) expect(roster.listMembers(d, { filter: {}, sort, cursor: null, at, limit: 7 })).toMatchObject({ items: [], next: null });
    }
    // With a filter the positions are those of the filtered list.
    const inG1 = all({ groupIds: [g1] }, { by: 'name', dir: 'asc' });
    expect(roster.listMembers(d, { filter: { groupIds: [g1] }, sort: { by: 'name', dir: 'asc' }, cursor: null, at: 3, limit: 4 }).items.map((x) => x.id)).toEqual(inG1.slice(3, 7));
  });

  it('ids and excludeIds narrow any filter: the ticked rows, or every match but the unticked ones', () => {
    const inG1 = all({ groupIds: [g1] }, { by: 'name', dir: 'asc' });
    const [a, b, c] = inG1;
    expect(all({ ids: [c!, a!] }, { by: 'name', dir: 'asc' })).toEqual([a, c]);
    expect(all({ groupIds: [g1], excludeIds: [b!] }, { by: 'name', dir: 'asc' })).toEqual(inG1.filter((x) => x !== b));
    expect(roster.countMembers(d, { groupIds: [g1], excludeIds: [a!, b!] })).toBe(inG1.length - 2);
    // Ticked ids outside the filter are not brought in by it.
    const outside = all({}, { by: 'name', dir: 'asc' }).find((x) => !inG1.includes(x))!;
    expect(roster.countMembers(d, { groupIds: [g1], ids: [a!, outside] })).toBe(1);
  });

  it('a bad cursor is a clear error', () => {
    expect(() => roster.listMembers(d, { filter: {}, sort: { by: 'name', dir: 'asc' }, cursor: 'nonsense', at: 0, limit: 5 })).toThrow(AppError);
  });
});

describe('labels, fields, notes, bulk', () => {
  it('bulk-labels members by filter, merges labels, renames, refuses duplicates', () => {
    const a = roster.saveLabel(d, { name: '付费', color: 'gold' });
    const b = roster.saveLabel(d, { name: '讲师', color: 'purple' });
    expect(roster.bulk(d, { targets: { filter: { groupIds: [g1] } }, action: { type: 'label', labelId: a.id, on: true } }).changed).toBe(roster.countMembers(d, { groupIds: [g1] }));
    const three = all({ groupIds: [g2] }, { by: 'name', dir: 'asc' }).slice(0, 3);
    expect(roster.bulk(d, { targets: { ids: three }, action: { type: 'label', labelId: b.id, on: true } }).changed).toBe(3);
    expect(() => roster.saveLabel(d, { name: '付费', color: 'red' })).toThrow(/已有名为/);
    const merged = roster.mergeLabels(d, b.id, a.id);
    expect(merged.members).toBe(roster.countMembers(d, { groupIds: [g1] }) + 3);
    expect(roster.listLabels(h.db).map((l) => l.name)).toEqual(['付费']);
    expect(roster.saveLabel(d, { id: a.id, name: '付费会员', color: 'gold' }).name).toBe('付费会员');
    expect(roster.bulk(d, { targets: { ids: three }, action: { type: 'label', labelId: a.id, on: false } }).changed).toBe(3);
  });

  it('fields: text and the six motives as a choice; bad choices are refused in the user language', () => {
    const id = h.memberId('u1');
    roster.setFields(d, id, { city: '北京', motive: 'learning' });
    expect(roster.memberDetail(d, id).member.fields).toEqual({ city: '北京', motive: 'learning' });
    expect(() => roster.setFields(d, id, { motive: '随便' })).toThrow(/不是此字段的选项/);
    roster.setFields(d, id, { city: null });
    expect(roster.memberDetail(d, id).member.fields).toEqual({ motive: 'learning' });
    expect(() => roster.deleteField(d, 'city')).toThrow(/内置字段/);
    roster.saveField(d, { key: 'level', label: '等级', kind: 'choice', options: ['A', 'B'] });
    expect(roster.bulk(d, { targets: { filter: { query: '同名' } }, action: { type: 'field', key: 'level', value: 'A' } }).changed).toBe(5);
    expect(() => roster.bulk(d, { targets: { ids: [id] }, action: { type: 'field', key: 'level', value: 'Z' } })).toThrow(AppError);
    const note = roster.addNote(d, id, '线下见过');
    expect(roster.memberDetail(d, id).notes.map((n) => n.text)).toEqual(['线下见过']);
    roster.deleteNote(d, note.id);
    expect(roster.memberDetail(d, id).notes).toEqual([]);
  });

  it('member detail: memberships with activity, tags with evidence, a 90-day sparkline that adds up', () => {
    const id = h.memberId('u13');
    const m = roster.memberDetail(d, id);
    expect(m.memberships.map((x) => x.groupName)).toEqual(['北京运营交流群']);
    expect(m.activity.messages).toBe(6);
    expect(m.sparkline).toHaveLength(90);
    expect(m.sparkline.reduce((s, x) => s + x.messages, 0)).toBe(h.db.prepare('SELECT count(*) FROM messages WHERE sender_id = ? AND sent_at > ?').pluck().get(id, AS_OF - 89 * DAY));
    expect(m.tags.every((x) => typeof x.evidence === 'object')).toBe(true);
    expect(m.recent.length).toBeGreaterThan(0);
  });

  it('the 90-day chart ends at the tags’ moment, not today: opened a year later it shows the same days', () => {
    const id = h.memberId('u13');
    const later = roster.memberDetail({ ...d, now: () => AS_OF + 365 * DAY }, id);
    expect(later.asOf).toBe(new Date(AS_OF).toISOString());
    expect(later.sparkline).toEqual(roster.memberDetail(d, id).sparkline);
    expect(later.sparkline.reduce((s, x) => s + x.messages, 0)).toBe(6);
  });
});

describe('a workspace whose roster was never computed', () => {
  it('member detail says so (asOf null) instead of failing, and its chart follows the member’s last message', () => {
    const fresh = history('never-tagged.db');
    try {
      const g = fresh.group('新群');
      const old = Date.parse('2016-03-01T12:00:00Z');
      ingestMessages(fresh.db, [fresh.say(g, 'a', old), fresh.say(g, 'a', old + DAY)]);
      const detail = roster.memberDetail({ db: fresh.db, locale: 'zh-CN', now: () => AS_OF }, fresh.memberId('a'));
      expect(detail.asOf).toBeNull();
      expect(detail.sparkline.reduce((s, x) => s + x.messages, 0)).toBe(2);
      expect(detail.sparkline.at(-1)?.day).toBe('2016-03-02');
    } finally {
      fresh.close();
    }
  });
});

describe('export and import', () => {
  it('CSV export: BOM, localized headers, one row per member, formulas defused (including ＝)', async () => {
    const id = h.memberId('u2');
    roster.setFields(d, id, { company: '=HYPERLINK("http://x")', industry: '＝1+1' });
    const file = path.join(t.dir, 'r.csv');
    const r = await exportRoster(d, { groupIds: [g2] }, { by: 'name', dir: 'asc' }, 'csv', file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^平台ID,平台,昵称,所在群数,自动标签,标签,城市,行业,公司,入群动机/);
    expect(r.rows).toBe(roster.countMembers(d, { groupIds: [g2] }));
    expect(lines).toHaveLength(r.rows + 1);
    const row = lines.find((l) => l.startsWith('u2,'))!;
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(row).toContain("'＝1+1");
    expect(['=', '+', '-', '@', '\t', '\r', '＝'].map((c) => defuseCell(`${c}x`))).toEqual(["'=x", "'+x", "'-x", "'@x", "'\tx", "'\rx", "'＝x"]);
  });

  it('XLSX export reads back with the same rows', async () => {
    const file = path.join(t.dir, 'r.xlsx');
    const r = await exportRoster(d, {}, { by: 'messages', dir: 'desc' }, 'xlsx', file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(r.rows + 1);
    expect(ws.getRow(1).getCell(1).value).toBe('平台ID');
    const company = ws.getColumn(9).values.find((v) => typeof v === 'string' && v.includes('HYPERLINK'));
    expect(company).toBe(`'=HYPERLINK("http://x")`);
  });

  it('import: preview changes nothing and lists unmatched rows; apply sets fields and labels, creating missing labels', async () => {
    const file = path.join(t.dir, 'in.csv');
    fs.writeFileSync(file, '\uFEFF平台ID,城市,入群动机,标签,备注列\r\nu3,杭州,学习提升,新标签、付费会员,x\r\nnobody,北京,,,\r\nu4,,随便,,\r\n');
    const preview = await importRosterFile(d, file, false);
    expect(preview).toMatchObject({ rows: 3, matched: 2, unmatched: [{ line: 3, platformUserId: 'nobody' }], invalid: [{ line: 4, header: '入群动机', value: '随便' }], ignoredColumns: ['备注列'], fieldsSet: 2, labelsCreated: ['新标签'], applied: false });
    expect(roster.memberDetail(d, h.memberId('u3')).member.fields).toEqual({});
    const done = await importRosterFile(d, file, true);
    expect(done.applied).toBe(true);
    const m = roster.memberDetail(d, h.memberId('u3')).member;
    expect(m.fields).toEqual({ city: '杭州', motive: 'learning' });
    const names = new Map(roster.listLabels(h.db).map((l) => [l.id, l.name]));
    expect(m.labelIds.map((x) => names.get(x)).sort()).toEqual(['付费会员', '新标签']);
  });

  it('import: the export reads back (all matched, nothing to change)', async () => {
    const file = path.join(t.dir, 'round.csv');
    await exportRoster(d, {}, { by: 'name', dir: 'asc' }, 'csv', file);
    const r = await importRosterFile(d, file, false);
    expect(r).toMatchObject({ rows: 51, matched: 51, unmatched: [], invalid: [], fieldsSet: 0, labelsAdded: 0 });
  });

  it('import: a file without an id column is refused with a clear message', async () => {
    const file = path.join(t.dir, 'noid.csv');
    fs.writeFileSync(file, '名字,城市\r\n张三,北京\r\n');
    await expect(importRosterFile(d, file, false)).rejects.toThrow(/没有平台 ID 列/);
  });
});

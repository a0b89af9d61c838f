/** Targets, texts and the outbox rows a broadcast is written with, on a fixed clock. */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { AppError } from '../../../../shared/errors';
import { Vault } from '../../../../electron/core/secrets';
import { createBroadcast, listVariables, planBroadcast, renderFor, resolveTargets, unknownVariables } from '../../../../electron/core/broadcasts/broadcasts.service';
import { addRobot } from '../../../../electron/core/connections/robots.service';
import { saveSegment } from '../../../../electron/core/segments/segments.repo';
import { tmpDir } from '../../../helpers/tmp';

const NOW = Date.parse('2026-11-23T04:00:00Z'); // 12:00 Beijing
let t: ReturnType<typeof tmpDir>;
let db: Db;
let d: { db: Db; locale: 'zh-CN'; now: () => number; utcOffsetMin: number };
const base = { positioning: '', audience: '', owner: '小李', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const };

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'ws.db'));
  migrate(db);
  d = { db, locale: 'zh-CN', now: () => NOW, utcOffsetMin: 480 };
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('broadcasts', () => {
  it('targets groups by id, by a saved group segment or all, minus exclusions and archived groups', () => {
    const wx = insertGroup(db, { ...base, platform: 'wechat', name: '北京C端群', groupType: 'C', city: '北京' }, NOW);
    const wx2 = insertGroup(db, { ...base, platform: 'wechat', name: '上海C端群', groupType: 'C', city: '上海' }, NOW);
    const wc = insertGroup(db, { ...base, platform: 'wecom', name: '客户群', groupType: 'B', city: '北京' }, NOW);
    const gone = insertGroup(db, { ...base, platform: 'qq', name: '旧群', groupType: 'C', city: '北京' }, NOW);
    db.prepare('UPDATE groups SET archived_at = ? WHERE id = ?').run(NOW, gone);
    const seg = saveSegment(db, { name: '北京C端', definition: { target: 'groups', condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }, { field: 'city', op: 'eq', value: '北京' }] } } }, NOW);
    expect(resolveTargets(d, { segmentId: seg.id })).toEqual([wx]);
    expect(resolveTargets(d, { all: true, excludeGroupIds: [wx2] })).toEqual([wx, wc]);
    expect(resolveTargets(d, { groupIds: [wc, gone, 999] })).toEqual([wc]);
    const member = saveSegment(db, { name: '成员', definition: { target: 'members', condition: { op: 'and', rules: [] } } }, NOW);
    expect(() => resolveTargets(d, { segmentId: member.id })).toThrow(AppError);
    // By tags (an unsaved condition): any city of the list, C-end, minus an exclusion; archived never.
    const cities = { op: 'or' as const, rules: [{ field: 'city' as const, op: 'eq' as const, value: '北京' }, { field: 'city' as const, op: 'eq' as const, value: '上海' }] };
    expect(resolveTargets(d, { condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }, cities] } })).toEqual([wx, wx2]);
    expect(resolveTargets(d, { condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }, cities] }, excludeGroupIds: [wx] })).toEqual([wx2]);
    expect(resolveTargets(d, { condition: { op: 'and', rules: [{ field: 'platform', platforms: ['qq'] }] } })).toEqual([]);
  });

  it('fills the variables per group and refuses ones it cannot fill', () => {
    expect(renderFor('{{group.name}} · {{ group.city }} · {{date}} · {{group.owner}}', { name: '北京群', city: '北京', owner: '小李' }, NOW, 480)).toBe('北京群 · 北京 · 2026-11-23 · 小李');
    expect(unknownVariables('你好 {{member.name}} {{group.name}} {{foo}}')).toEqual(['member.name', 'foo']);
    insertGroup(db, { ...base, platform: 'wechat', name: 'A', groupType: 'C', city: '' }, NOW);
    try {
      planBroadcast(d, { name: 'x', format: 'text', body: '{{member.name}}', targeting: { all: true } });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).fields).toEqual([{ path: 'body', message: expect.stringContaining('{{member.name}}') }]);
    }
  });

  it('writes one outbox row per target in one go: robots queued, WeCom customer groups awaiting their owner, the rest a manual checklist, caps skipped', () => {
    const wx = insertGroup(db, { ...base, platform: 'wechat', name: '微信群', groupType: 'C', city: '' }, NOW);
    const cust = insertGroup(db, { ...base, platform: 'wecom', name: '客户群', groupType: 'B', city: '' }, NOW);
    const internal = insertGroup(db, { ...base, platform: 'wecom', name: '内部群', groupType: 'B', city: '' }, NOW);
    const vault = Vault.beside(path.join(t.dir, 'ws.db'));
    addRobot({ db, locale: 'zh-CN', now: () => NOW, vault }, { name: 'r', platform: 'wecom', groupId: internal, credentials: { webhook: 'abcdef-123456' } });
    const first = createBroadcast(d, { name: '一', format: 'text', body: '{{group.name}} 你好', targeting: { all: true } });
    const rows = () => db.prepare('SELECT group_id, mode, status, text, idem_key FROM broadcast_targets WHERE broadcast_id = ? ORDER BY group_id').all(first.id) as { group_id: number; mode: string; status: string; text: string; idem_key: string }[];
    expect(rows().map((r) => [r.group_id, r.mode, r.status, r.text])).toEqual([
      [wx, 'manual', 'manual-pending', '微信群 你好'],
      [cust, 'owner-confirm', 'awaiting-owner', '客户群 你好'],
      [internal, 'auto', 'queued', '内部群 你好'],
    ]);
    expect(new Set(rows().map((r) => r.idem_key)).size).toBe(3);
    // Two broadcasts a day per group: the third one to the same groups skips them all.
    createBroadcast(d, { name: '二', format: 'text', body: 'b', targeting: { all: true } });
    const third = createBroadcast(d, { name: '三', format: 'text', body: 'c', targeting: { all: true } });
    expect(third.plan.summary.byDecision).toEqual({ send: 0, delay: 0, skip: 3 });
    expect(db.prepare('SELECT DISTINCT status FROM broadcast_targets WHERE broadcast_id = ?').pluck().all(third.id)).toEqual(['skipped']);
    expect(() => createBroadcast(d, { name: '空', format: 'text', body: 'x', targeting: { groupIds: [] } })).toThrow(AppError);
  });
});

describe('what each target receives, and its checks', () => {
  const robots = () => {
    const vault = Vault.beside(path.join(t.dir, 'ws.db'));
    const rd = { db, locale: 'zh-CN' as const, now: () => NOW, vault };
    const group = (platform: 'wecom' | 'dingtalk' | 'feishu' | 'wechat' | 'telegram', name: string, extra: object = {}) => insertGroup(db, { ...base, platform, name, groupType: 'B', city: '', ...extra }, NOW);
    const wecom = group('wecom', '企微内部群', { city: '上海' });
    const ding = group('dingtalk', '钉钉通知群', { city: '北京', customFields: { 讲师: '王芳' } });
    const feishu = group('feishu', '飞书选题群', { city: '北京' });
    const cust = group('wecom', '企微客户群', { city: '杭州', customFields: { 讲师: '李强' } });
    const wechat = group('wechat', '微信读书群', { city: '成都', customFields: { 讲师: '' } });
    const tg = group('telegram', 'Growth Lab', { city: '深圳' });
    addRobot(rd, { name: 'w', platform: 'wecom', groupId: wecom, credentials: { webhook: 'abcdef-123456' } });
    addRobot(rd, { name: 'd', platform: 'dingtalk', groupId: ding, credentials: { webhook: 'dingtoken123456', secret: 'SECabcdef0123456789' } });
    addRobot(rd, { name: 'f', platform: 'feishu', groupId: feishu, credentials: { webhook: 'feishu-token-1234' } });
    return { wecom, ding, feishu, cust, wechat, tg };
  };
  const draft = { name: '开课提醒', format: 'markdown' as const, title: '{{group.name}} 开课', body: '## 今晚 8 点\n- 讲师：**{{group.讲师}}**\n- 城市：{{group.city}}\n报名：[表单](https://f.cn/x)', targeting: { all: true } };

  it('a robot target shows exactly what its robot posts; owner tasks and manual groups show the plain text to paste', () => {
    const g = robots();
    const plan = planBroadcast(d, draft);
    const of = (id: number) => plan.targets.find((x) => x.groupId === id)!;
    expect(of(g.wecom).delivery).toEqual({ format: 'markdown', content: '**企微内部群 开课**\n## 今晚 8 点\n- 讲师：****\n- 城市：上海\n报名：[表单](https://f.cn/x)' });
    expect(of(g.ding).delivery).toEqual({ format: 'markdown', title: '钉钉通知群 开课', content: '### 钉钉通知群 开课\n\n## 今晚 8 点\n- 讲师：**王芳**\n- 城市：北京\n报名：[表单](https://f.cn/x)' });
    expect(of(g.feishu).delivery).toEqual({ format: 'post', title: '飞书选题群 开课', content: '今晚 8 点\n- 讲师：\n- 城市：北京\n报名：[表单](https://f.cn/x)' });
    expect(of(g.cust)).toMatchObject({ mode: 'owner-confirm', delivery: { format: 'text', content: '企微客户群 开课\n今晚 8 点\n- 讲师：李强\n- 城市：杭州\n报名：表单 https://f.cn/x' } });
    expect(of(g.wechat)).toMatchObject({ mode: 'manual', delivery: { format: 'text', content: '微信读书群 开课\n今晚 8 点\n- 讲师：\n- 城市：成都\n报名：表单 https://f.cn/x' } });
    for (const x of plan.targets) expect(x.text).toBe(x.delivery.content);
  });

  it('warns where formatting is dropped or a variable is empty, and counts targets with warnings and errors', () => {
    const g = robots();
    const plan = planBroadcast(d, draft);
    const codes = (id: number) => plan.targets.find((x) => x.groupId === id)!.checks;
    expect(codes(g.ding)).toEqual([]);
    expect(codes(g.wecom)).toEqual([{ code: 'variable_empty', level: 'warning', variable: 'group.讲师' }]);
    expect(codes(g.feishu)).toEqual([
      { code: 'format_dropped', level: 'warning' },
      { code: 'variable_empty', level: 'warning', variable: 'group.讲师' },
    ]);
    expect(codes(g.cust)).toEqual([{ code: 'format_dropped', level: 'warning' }]);
    // An empty value is no value.
    expect(codes(g.wechat)).toEqual([
      { code: 'format_dropped', level: 'warning' },
      { code: 'variable_empty', level: 'warning', variable: 'group.讲师' },
    ]);
    expect(plan.summary).toMatchObject({ total: 6, withErrors: 0, withWarnings: 5 });
    // Plain text loses nothing: no format_dropped anywhere.
    const plain = planBroadcast(d, { ...draft, format: 'text', title: '', body: '今晚 8 点，{{group.name}}' });
    expect(plain.targets.flatMap((x) => x.checks)).toEqual([]);
  });

  it('checks each platform’s own documented cap, refuses to create while one is exceeded, and stores exactly the preview', () => {
    const g = robots();
    // 700 characters of Chinese: 2100 bytes, over WeCom's 2048-byte text cap only.
    const body = '群'.repeat(700);
    const plan = planBroadcast(d, { name: '长', format: 'text', body, targeting: { all: true } });
    const check = (id: number) => plan.targets.find((x) => x.groupId === id)!.checks;
    expect(check(g.wecom)).toEqual([{ code: 'too_long', level: 'error', limit: 2048, actual: 2100, unit: 'bytes' }]);
    for (const id of [g.ding, g.feishu, g.cust, g.wechat, g.tg]) expect(check(id)).toEqual([]);
    expect(plan.summary.withErrors).toBe(1);
    try {
      createBroadcast(d, { name: '长', format: 'text', body, targeting: { all: true } });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('VALIDATION');
      expect((e as AppError).message).toContain('1 个群');
    }
    expect(db.prepare('SELECT count(*) FROM broadcasts').pluck().get()).toBe(0);
    // WeCom owner tasks (4000 bytes) and Telegram (4096 characters) have documented caps; WeChat has none.
    const longer = planBroadcast(d, { name: '更长', format: 'text', body: '群'.repeat(4100), targeting: { groupIds: [g.cust, g.tg, g.wechat] } });
    expect(longer.targets.map((x) => [x.groupId, x.checks])).toEqual([
      [g.cust, [{ code: 'too_long', level: 'error', limit: 4000, actual: 12300, unit: 'bytes' }]],
      [g.wechat, []],
      [g.tg, [{ code: 'too_long', level: 'error', limit: 4096, actual: 4100, unit: 'chars' }]],
    ]);

    const { id, plan: made } = createBroadcast(d, draft);
    const stored = db.prepare('SELECT group_id, text, delivery_format, delivery_title FROM broadcast_targets WHERE broadcast_id = ?').all(id) as { group_id: number; text: string; delivery_format: string; delivery_title: string | null }[];
    expect(stored).toHaveLength(6);
    for (const r of stored) {
      const p = made.targets.find((x) => x.groupId === r.group_id)!;
      expect({ format: r.delivery_format, content: r.text, ...(r.delivery_title === null ? {} : { title: r.delivery_title }) }).toEqual(p.delivery);
    }
  });

  it('fills custom group fields, refuses a name no group has, and lists the variables for the insert menu', () => {
    const g = robots();
    db.prepare('UPDATE groups SET archived_at = ? WHERE id = ?').run(NOW, g.tg);
    expect(renderFor('{{group.讲师}}·{{group.课程}}', { name: 'x', city: '', owner: '', customFields: { 讲师: '王芳' } }, NOW, 480)).toBe('王芳·');
    expect(unknownVariables('{{group.讲师}} {{group.课程}} {{group.name}}', ['讲师'])).toEqual(['group.课程']);
    try {
      planBroadcast(d, { ...draft, body: '{{group.课程}}' });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).fields![0]!.message).toContain('{{group.课程}}');
    }
    expect(listVariables(d)).toEqual([
      { name: 'group.name', token: '{{group.name}}', label: '群名称', builtin: true, groups: 5 },
      { name: 'group.city', token: '{{group.city}}', label: '城市', builtin: true, groups: 5 },
      { name: 'group.owner', token: '{{group.owner}}', label: '群主', builtin: true, groups: 5 },
      { name: 'date', token: '{{date}}', label: '日期（发送当天）', builtin: true, groups: null },
      // Two groups have a value; the WeChat group's is empty (stored as none).
      { name: 'group.讲师', token: '{{group.讲师}}', label: '讲师', builtin: false, groups: 2 },
    ]);
  });
});

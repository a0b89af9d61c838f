/** Targets, texts and the outbox rows a broadcast is written with, on a fixed clock. */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/repos/groups.repo';
import { AppError } from '../../../../shared/errors';
import { Vault } from '../../../../electron/core/secrets';
import { createBroadcast, planBroadcast, renderFor, resolveTargets, unknownVariables } from '../../../../electron/core/services/broadcasts.service';
import { addRobot } from '../../../../electron/core/services/robots.service';
import { saveSegment } from '../../../../electron/core/services/segments.service';
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

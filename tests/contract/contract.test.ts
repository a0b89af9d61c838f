/**
 * One contract suite, run over the in-process transport and over the loopback bridge: both
 * must give the same answers, the same error envelope and the same events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GroupDto } from '../../shared/domain/group';
import type { WorkspaceDto } from '../../shared/domain/workspace';
import { METHODS } from '../../shared/api';
import { tmpDir } from '../helpers/tmp';
import { callOk, coreOptions, TRANSPORTS, T0, until, type TestTransport } from '../helpers/transports';

const beijing = { platform: 'wechat', name: '北京运营交流群', groupType: 'C', city: '北京' };

describe.each(TRANSPORTS)('contract over %s', (_name, make) => {
  let t: ReturnType<typeof tmpDir>;
  let api: TestTransport;
  const ok = <T>(method: string, params: unknown = {}) => callOk<T>(api, method, params);

  beforeEach(async () => {
    t = tmpDir();
    api = await make(coreOptions(t.dir));
  });
  afterEach(async () => {
    await api.close();
    t.cleanup();
  });

  it('creates, gets, lists, updates, archives and restores a group', async () => {
    const created = await ok<GroupDto>('groups.create', { input: beijing });
    expect(created).toMatchObject({ name: '北京运营交流群', platform: 'wechat', groupType: 'C', city: '北京', lifecycleStage: 'planning', archived: false, createdAt: T0, memberCount: 0 });
    expect(await ok('groups.get', { id: created.id })).toEqual(created);

    const updated = await ok<GroupDto>('groups.update', { id: created.id, input: { ...beijing, name: '北京运营交流群（二群）', capacity: 200, lifecycleStage: 'activating' } });
    expect(updated).toMatchObject({ name: '北京运营交流群（二群）', capacity: 200, lifecycleStage: 'activating' });

    const archived = await ok<GroupDto>('groups.archive', { id: created.id });
    expect(archived.archived).toBe(true);
    expect(archived.archivedAt).toBe(T0);
    expect(await ok<GroupDto[]>('groups.list', {})).toEqual([]);
    expect((await ok<GroupDto[]>('groups.list', { archived: 'archived' })).map((g) => g.id)).toEqual([created.id]);
    const restored = await ok<GroupDto>('groups.unarchive', { id: created.id });
    expect(restored.archived).toBe(false);
    expect((await ok<GroupDto[]>('groups.list', {})).map((g) => g.id)).toEqual([created.id]);
  });

  it('filters the list by text, platform, type and stage', async () => {
    await ok('groups.create', { input: beijing });
    await ok('groups.create', { input: { platform: 'qq', name: 'Python 学习交流群', groupType: 'C', lifecycleStage: 'healthy' } });
    await ok('groups.create', { input: { platform: 'wecom', name: '华东区代理商群', groupType: 'B', city: '杭州' } });
    const names = async (req: unknown) => (await ok<GroupDto[]>('groups.list', req)).map((g) => g.name).sort();
    expect(await names({ query: '交流' })).toEqual(['Python 学习交流群', '北京运营交流群']);
    expect(await names({ query: '杭州' })).toEqual(['华东区代理商群']);
    expect(await names({ platforms: ['qq', 'wecom'] })).toEqual(['Python 学习交流群', '华东区代理商群']);
    expect(await names({ groupTypes: ['B'] })).toEqual(['华东区代理商群']);
    expect(await names({ stages: ['healthy'] })).toEqual(['Python 学习交流群']);
    expect(await names({ query: '%' })).toEqual([]);
  });

  it('rejects invalid input with VALIDATION, field paths and a message in the user language; nothing is written', async () => {
    const env = await api.call('groups.create', { input: { platform: 'myspace', name: '   ', groupType: 'X' } });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('VALIDATION');
    expect(env.error.message).toBe('输入有误，请检查标出的字段。');
    expect(env.error.fields?.map((f) => f.path).sort()).toEqual(['input.groupType', 'input.name', 'input.platform']);
    expect(await ok<GroupDto[]>('groups.list', { archived: 'all' })).toEqual([]);

    await ok('settings.update', { locale: 'en' });
    const en = await api.call('groups.create', { input: { ...beijing, name: '' } });
    expect(!en.ok && en.error.message).toBe('Some fields need attention.');
  });

  it('answers NOT_FOUND, CONFLICT and UNKNOWN_METHOD with the one envelope', async () => {
    const nf = await api.call('groups.get', { id: 999 });
    expect(nf).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到群（编号 999）。' } });
    await ok('groups.create', { input: { ...beijing, externalId: 'room-1' } });
    const dup = await api.call('groups.create', { input: { ...beijing, name: '另一个群', externalId: 'room-1' } });
    expect(!dup.ok && dup.error.code).toBe('CONFLICT');
    expect(!dup.ok && dup.error.fields?.[0]?.path).toBe('input.externalId');
    const unknown = await api.call('groups.explode', {});
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_METHOD');
    const proto = await api.call('__proto__', {});
    expect(!proto.ok && proto.error.code).toBe('UNKNOWN_METHOD');
  });

  it('pushes typed events to subscribers, and an unsubscribed listener hears nothing more', async () => {
    const seen: string[] = [];
    const off = await api.on((e, p) => seen.push(`${e}:${(p as { group?: GroupDto }).group?.name ?? ''}`));
    await ok('groups.create', { input: beijing });
    await until(() => seen.length === 1);
    expect(seen).toEqual(['groups.changed:北京运营交流群']);
    off();
    await new Promise((r) => setTimeout(r, 50));
    await ok('groups.create', { input: { ...beijing, name: '第二个群' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(1);
  });

  it('shows the welcome on an empty workspace, fills the demo once, and refuses a second demo', async () => {
    const ws = await ok<WorkspaceDto>('workspace.current');
    expect(ws).toMatchObject({ welcome: true, fixed: true, demo: false, counts: { groups: 0, members: 0, messages: 0 } });
    const demo = await ok<WorkspaceDto>('workspace.createDemo');
    expect(demo.welcome).toBe(false);
    expect(demo.demo).toBe(true);
    expect(demo.counts.groups).toBe(12);
    expect(demo.counts.members).toBeGreaterThan(200);
    expect(demo.counts.messages).toBeGreaterThan(2000);
    const again = await api.call('workspace.createDemo', {});
    expect(!again.ok && again.error.code).toBe('DEMO_NEEDS_EMPTY');
    const sw = await api.call('workspace.switch', { id: 'other' });
    expect(!sw.ok && sw.error.code).toBe('WORKSPACE_FIXED');
  });

  it('has a handler behind every contract method', async () => {
    for (const m of METHODS) {
      const env = await api.call(m, {});
      if (!env.ok) expect(env.error.code, m).not.toBe('UNKNOWN_METHOD');
    }
  });
});

describe.each(TRANSPORTS)('managed workspaces over %s', (_name, make) => {
  /** A core over this transport on a fresh data folder of managed workspaces, closed after `body`. */
  const withManaged = async (body: (call: <T>(m: string, p?: unknown) => Promise<T>, api: TestTransport) => Promise<void>) => {
    const t = tmpDir();
    const api = await make(coreOptions(t.dir, 'managed'));
    try {
      await body(async <T>(m: string, p: unknown = {}) => {
        const env = await api.call(m, p);
        if (!env.ok) throw new Error(env.error.message);
        return env.value as T;
      }, api);
    } finally {
      await api.close();
      t.cleanup();
    }
  };

  it('greets once per app: after the demo is loaded, the untouched first workspace does not greet again', async () => {
    await withManaged(async (call) => {
      expect((await call<WorkspaceDto>('workspace.current')).welcome).toBe(true);
      await call<WorkspaceDto>('workspace.createDemo');
      const back = await call<WorkspaceDto>('workspace.switch', { id: 'default' });
      expect(back).toMatchObject({ id: 'default', welcome: false, counts: { groups: 0 } });
    });
  });

  it('creates, lists and switches workspaces, each its own file', async () => {
    await withManaged(async (call, api) => {
      const first = await call<WorkspaceDto>('workspace.current');
      expect(first).toMatchObject({ id: 'default', name: '我的工作区', fixed: false, welcome: true });
      await call('groups.create', { input: beijing });
      const demo = await call<WorkspaceDto>('workspace.createDemo');
      expect(demo.id).toBe('demo');
      expect(demo.path).not.toBe(first.path);
      expect(demo.counts.groups).toBe(12);
      const second = await call<WorkspaceDto>('workspace.create', { name: '客户群' });
      expect(second.counts.groups).toBe(0);
      expect(second.welcome).toBe(false);
      const list = await call<{ id: string; current: boolean; name: string }[]>('workspace.list');
      expect(list.map((w) => w.name).sort()).toEqual(['客户群', '我的工作区', '示例工作区'].sort());
      expect(list.filter((w) => w.current).map((w) => w.id)).toEqual([second.id]);
      const back = await call<WorkspaceDto>('workspace.switch', { id: 'default' });
      expect(back.counts.groups).toBe(1);
      const missing = await api.call('workspace.switch', { id: 'nope' });
      expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
    });
  });
});

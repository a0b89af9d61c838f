import { describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), invoked: [] as unknown[][], listeners: new Map<string, Set<(...a: unknown[]) => void>>() }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => h.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      h.invoked.push(args);
      return { ok: true, value: 'pong' };
    },
    on: (ch: string, fn: (...a: unknown[]) => void) => {
      if (!h.listeners.has(ch)) h.listeners.set(ch, new Set());
      h.listeners.get(ch)!.add(fn);
    },
    removeListener: (ch: string, fn: (...a: unknown[]) => void) => h.listeners.get(ch)?.delete(fn),
  },
}));

describe('preload', () => {
  it('exposes exactly {call, on} as window.qunzhu, over one channel each way', async () => {
    await import('../../../electron/preload/preload');
    expect([...h.exposed.keys()]).toEqual(['qunzhu']);
    const api = h.exposed.get('qunzhu') as { call: (m: string, p: unknown) => Promise<unknown>; on: (l: (e: string, p: unknown) => void) => () => void };
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);

    expect(await api.call('groups.list', { a: 1 })).toEqual({ ok: true, value: 'pong' });
    expect(h.invoked).toEqual([['qunzhu:call', 'groups.list', { a: 1 }]]);

    const heard: unknown[] = [];
    const off = api.on((e, p) => heard.push([e, p]));
    for (const fn of h.listeners.get('qunzhu:event') ?? []) fn({ sender: 'ignored' }, 'groups.changed', { x: 1 });
    expect(heard).toEqual([['groups.changed', { x: 1 }]]);
    off();
    expect(h.listeners.get('qunzhu:event')?.size).toBe(0);
  });
});

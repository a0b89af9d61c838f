/**
 * A call that keeps the user waiting is named in the core's log — its method only, never what
 * it was asked — so a stalled disk or a slow query shows up in support logs and e2e reports.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../electron/core/create-core';
import { fixedClock } from '../../../electron/core/clock';
import { log } from '../../../electron/core/log';
import { memorySettings } from '../../../electron/core/settings';
import { tmpDir } from '../../helpers/tmp';

let core: Core | null = null;
let cleanup: (() => void) | null = null;
afterEach(() => {
  vi.restoreAllMocks();
  core?.close();
  cleanup?.();
  core = null;
  cleanup = null;
});

function start(slowCallMs?: number): string[] {
  const t = tmpDir();
  cleanup = t.cleanup;
  core = createCore({ dbPath: path.join(t.dir, 'w.db'), clock: fixedClock('2026-11-23T08:00:00.000Z'), settings: memorySettings(), ...(slowCallMs === undefined ? {} : { slowCallMs }) });
  const lines: string[] = [];
  vi.spyOn(log, 'info').mockImplementation((m: string) => void lines.push(m));
  return lines;
}

const SECRET_NAME = '内部群 token=abcdef123456';

describe('slow calls in the log', () => {
  it('names a call that took at least the threshold, with its time and without its request', async () => {
    const lines = start(0);
    const env = await core!.call('groups.create', { input: { platform: 'wecom', name: SECRET_NAME, groupType: 'B' } });
    expect(env.ok).toBe(true);
    expect((await core!.call('groups.get', { id: 999_999 })).ok).toBe(false); // refused: still timed
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^groups\.create took \d+ ms$/);
    expect(lines[1]).toMatch(/^groups\.get took \d+ ms$/);
    expect(lines.join('\n')).not.toContain('内部群');
  });

  it('says nothing of calls under the threshold (one second unless set)', async () => {
    const lines = start();
    await core!.call('groups.create', { input: { platform: 'wecom', name: '华东区代理商群', groupType: 'B' } });
    await core!.call('groups.list', {});
    expect(lines).toEqual([]);
  });
});

/**
 * In the desktop app better-sqlite3 is loaded from an Electron build (`nativeBinding`); every
 * worker that opens its own connection must get the same path, or it fails on the Node build's
 * module version. The handlers that start workers pass it on (and leave it out in plain Node).
 */
import { describe, expect, it } from 'vitest';
import { importsHandlers } from '../../../../electron/core/imports/imports.handlers';
import { rosterHandlers } from '../../../../electron/core/roster/roster.handlers';
import type { Ctx } from '../../../../electron/core/registry';

function ctxWith(nativeBinding: string | undefined) {
  const started: Record<string, unknown>[] = [];
  const ctx = {
    nativeBinding,
    locale: 'zh-CN',
    now: () => Date.parse('2026-11-23T08:00:00Z'),
    workspaces: { dbPath: '/tmp/ws.db', info: () => ({ path: '/tmp/ws.db' }) },
    jobs: { start: (input: Record<string, unknown>) => (started.push(input), 'job-1') },
    retagJobs: { start: (input: Record<string, unknown>) => (started.push(input), { jobId: 'job-2' }) },
    emit: () => undefined,
  } as unknown as Ctx;
  return { ctx, started };
}

describe('workers get the native binding', () => {
  it('an import job', async () => {
    const app = ctxWith('/app/resources/better_sqlite3.node');
    await importsHandlers['imports.start']({ path: '/tmp/result.json', mode: 'auto' } as never, app.ctx);
    expect(app.started[0]).toMatchObject({ dbPath: '/tmp/ws.db', nativeBinding: '/app/resources/better_sqlite3.node' });
    const node = ctxWith(undefined);
    await importsHandlers['imports.start']({ path: '/tmp/result.json', mode: 'auto' } as never, node.ctx);
    expect(node.started[0]).not.toHaveProperty('nativeBinding');
  });

  it('a re-tag job', async () => {
    const app = ctxWith('/app/resources/better_sqlite3.node');
    await rosterHandlers['roster.startRetag']({} as never, app.ctx);
    expect(app.started[0]).toMatchObject({ nativeBinding: '/app/resources/better_sqlite3.node' });
  });
});

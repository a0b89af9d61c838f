/**
 * A workspace file with pages overwritten by random bytes: found on open (quick_check), opened
 * read-only with DB_CORRUPT in the user's language for every write, the jobs that would write
 * refused, never written to (hash before and after), and a recovered copy can be saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../electron/core/create-core';
import { fixedClock } from '../../../../electron/core/clock';
import { memorySettings } from '../../../../electron/core/settings';
import type { Envelope } from '../../../../shared/errors';
import type { RecoveredCopyDto, WorkspaceDto } from '../../../../shared/domain/workspace';
import { overwritePages, pageCount } from '../../../helpers/damage';
import { sha256, tmpDir } from '../../../helpers/tmp';

const T0 = '2026-11-23T08:00:00.000Z';
const FIXTURE = path.resolve(__dirname, '../../../fixtures/imports/telegram/single-chat-current-entities-service.json');

let t: ReturnType<typeof tmpDir>;
let demo: string;
beforeEach(async () => {
  t = tmpDir();
  demo = path.join(t.dir, 'ws.db');
  const core = createCore({ dbPath: demo, clock: fixedClock(T0), settings: memorySettings() });
  expect((await core.call('workspace.createDemo', {})).ok).toBe(true);
  core.close();
});
afterEach(() => t.cleanup());

/** Damages pages a third, half and two thirds of the way through the file. */
function damage(file: string): void {
  const n = pageCount(file);
  overwritePages(file, [Math.floor(n / 3), Math.floor(n / 2), Math.floor((2 * n) / 3)], 7);
}

const open = (o: { syncCheckBytes?: number; locale?: 'zh-CN' | 'en'; outbox?: boolean } = {}): Core =>
  createCore({ dbPath: demo, clock: fixedClock(T0), settings: memorySettings({ locale: o.locale ?? 'zh-CN' }), ...(o.syncCheckBytes !== undefined ? { syncCheckBytes: o.syncCheckBytes } : {}), ...(o.outbox ? { outbox: true } : {}) });

const failed = (env: Envelope<unknown>) => (env.ok ? null : env.error);

describe.each([
  ['checked on the opening thread', undefined],
  ['checked in a worker (large file)', 0],
] as const)('a damaged workspace file, %s', (_name, syncCheckBytes) => {
  it('opens read-only, reports the damage, refuses writes and write jobs with DB_CORRUPT, and is not written', async () => {
    damage(demo);
    const before = sha256(demo);
    const core = open({ ...(syncCheckBytes !== undefined ? { syncCheckBytes } : {}), outbox: true });
    try {
      // In a worker, reads answer while the check runs; what it found is known once it is done.
      await core.workspaces.ready;
      const ws = await core.call('workspace.current', {});
      expect(ws.ok).toBe(true);
      const dto = (ws as { value: WorkspaceDto }).value;
      expect(dto.damaged?.problems.length).toBeGreaterThan(0);
      expect(core.workspaces.db.readonly).toBe(true);
      // Writes: refused in words, not as INTERNAL with a stack trace.
      for (const [method, req] of [
        ['workspace.dismissWelcome', {}],
        ['groups.create', { input: { platform: 'wechat', name: '新群', groupType: 'C', city: '北京' } }],
        ['imports.start', { path: FIXTURE, mode: 'import' }],
        ['roster.retag', {}],
      ] as const) {
        const err = failed(await core.call(method, req));
        expect(err, method).not.toBeNull();
        expect(err!.code, `${method}: ${err!.message}`).toBe('DB_CORRUPT');
        expect(err!.message).toContain('只读');
      }
    } finally {
      core.close();
    }
    expect(sha256(demo)).toBe(before);
  }, 60_000);
});

describe('a damaged workspace file', () => {
  it('says so in English for an English user', async () => {
    damage(demo);
    const core = open({ locale: 'en' });
    try {
      const err = failed(await core.call('workspace.dismissWelcome', {}));
      expect(err?.code).toBe('DB_CORRUPT');
      expect(err?.message).toContain('read-only');
    } finally {
      core.close();
    }
  });

  it('saves a recovered copy to a new file that opens sound and holds the rows that could be read; the damaged file is unchanged', async () => {
    const sound = new Database(demo, { readonly: true });
    const messagesBefore = (sound.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    sound.close();
    damage(demo);
    const before = sha256(demo);
    const core = open();
    let copy: RecoveredCopyDto;
    try {
      const env = await core.call('workspace.saveRecoveredCopy', {});
      expect(env.ok, JSON.stringify(env)).toBe(true);
      copy = (env as { value: RecoveredCopyDto }).value;
    } finally {
      core.close();
    }
    expect(sha256(demo)).toBe(before);
    expect(copy.path).not.toBe(demo);
    expect(path.dirname(copy.path)).toBe(t.dir);
    expect(copy.workspaceId).toBeNull();
    expect(copy.rows).toBeGreaterThan(0);
    if (process.platform !== 'win32') expect(fs.statSync(copy.path).mode & 0o777).toBe(0o600);
    const db = new Database(copy.path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const messages = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    expect(messages).toBeGreaterThan(0);
    expect(messages).toBeLessThanOrEqual(messagesBefore);
    expect((db.prepare('SELECT count(*) AS n FROM groups').get() as { n: number }).n).toBeGreaterThan(0);
    db.close();
    // The copy is a workspace the app opens for writing.
    const again = createCore({ dbPath: copy.path, clock: fixedClock(T0), settings: memorySettings() });
    try {
      const ws = await again.call('workspace.current', {});
      expect(ws.ok && (ws.value as WorkspaceDto).damaged).toBeNull();
      expect((await again.call('workspace.dismissWelcome', {})).ok).toBe(true);
    } finally {
      again.close();
    }
  }, 60_000);

  it('while a large file is checked in its worker, reads answer at once and a write waits for the check, then is done', async () => {
    const core = open({ syncCheckBytes: 0 });
    const changed: WorkspaceDto[] = [];
    core.on((event, payload) => {
      if (event === 'workspace.changed') changed.push(payload as WorkspaceDto);
    });
    try {
      expect(core.workspaces.checking).toBe(true);
      const groups = await core.call('groups.list', {});
      expect(groups.ok, JSON.stringify(groups)).toBe(true);
      expect((groups as { value: unknown[] }).value.length).toBeGreaterThan(0);
      // Answered from the read-only connection, before the worker's result could arrive.
      expect(core.workspaces.checking).toBe(true);
      const write = await core.call('workspace.dismissWelcome', {});
      expect(write.ok, JSON.stringify(write)).toBe(true);
      expect(core.workspaces.checking).toBe(false);
      expect(core.workspaces.db.readonly).toBe(false);
      // The renderer hears the check's outcome (sound here).
      expect(changed.some((w) => w.damaged === null)).toBe(true);
    } finally {
      core.close();
    }
  }, 60_000);

  it('a sound large file checked in a worker ends up writable', async () => {
    const core = open({ syncCheckBytes: 0 });
    try {
      expect(core.workspaces.checking).toBe(true);
      expect(core.workspaces.db.readonly).toBe(true);
      const ws = await core.call('workspace.dismissWelcome', {});
      expect(ws.ok, JSON.stringify(ws)).toBe(true);
      expect((ws as { value: WorkspaceDto }).value.damaged).toBeNull();
      expect(core.workspaces.db.readonly).toBe(false);
    } finally {
      core.close();
    }
  }, 60_000);
});

describe('damage that quick_check cannot see (inside the search index)', () => {
  /** Garbles the search index's segments (their b-tree stays sound) and leaves the index to be finished on open. */
  function garbleSearchIndex(file: string): void {
    const raw = new Database(file);
    raw.unsafeMode(true);
    raw.exec("UPDATE message_search_data SET block = zeroblob(length(block)) WHERE id > 10");
    raw.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('search_unindexed_after', '0')");
    raw.close();
  }

  it('met where the message indexes are finished on open: the workspace opens read-only as damaged, not with a raw SQLite error', async () => {
    garbleSearchIndex(demo);
    const core = open();
    try {
      const ws = await core.call('workspace.current', {});
      expect(ws.ok, JSON.stringify(ws)).toBe(true);
      expect((ws as { value: WorkspaceDto }).value.damaged?.problems.join(' ')).toMatch(/malformed|corrupt/i);
      expect(core.workspaces.db.readonly).toBe(true);
    } finally {
      core.close();
    }
  });

  it('met by a read: the call fails with DB_CORRUPT in words, not INTERNAL', async () => {
    const raw = new Database(demo);
    raw.unsafeMode(true);
    raw.exec("UPDATE message_search_data SET block = zeroblob(length(block)) WHERE id > 10");
    raw.close();
    const core = open();
    try {
      const err = failed(await core.call('search.messages', { query: '活动', filter: {}, cursor: null, limit: 20 }));
      expect(err?.code, err?.message).toBe('DB_CORRUPT');
      expect(err?.message).toContain('已损坏');
    } finally {
      core.close();
    }
  });
});

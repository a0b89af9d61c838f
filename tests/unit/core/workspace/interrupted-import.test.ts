/**
 * An import a crash cut off is rolled back when the workspace next opens (#17 item 8): at once when
 * it left few rows, otherwise in a worker while the workspace is usable, with its progress in the
 * workspace (and the workspace.changed events the renderer shows it from); imports wait for it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core/create-core';
import { fixedClock } from '../../../../electron/core/clock';
import { memorySettings } from '../../../../electron/core/settings';
import { openDatabase } from '../../../../electron/core/db/open';
import { importFile } from '../../../../electron/core/imports/imports.service';
import { qqTxtImporter } from '../../../../electron/core/importers/qq-txt.importer';
import { SEARCH_KEY_SQL } from '../../../../electron/core/db/migrations/0003-inbox';
import type { WorkspaceDto } from '../../../../shared/domain/workspace';
import { qqGroupExport } from '../../../fixtures/generators/qq-group';
import { tmpDir } from '../../../helpers/tmp';

const T0 = '2026-11-23T08:00:00.000Z';
const NOW = Date.parse(T0);
const DEAD_PID = 2 ** 22 + 4321;

let t: ReturnType<typeof tmpDir>;
let file: string;
let before: { messages: number };
let batchMessages: number;

/** Two imports; the second is made to look as a kill -9 mid-import leaves it: 'running', its process gone. */
beforeEach(async () => {
  t = tmpDir();
  file = path.join(t.dir, 'ws.db');
  const db = openDatabase(file);
  const { migrate } = await import('../../../../electron/core/db/migrate');
  migrate(db);
  const write = (k: number, messages: number) => {
    const qq = qqGroupExport({ seed: 40 + k, group: `回滚测试群${k}`, senders: 25, messages, end: NOW, days: 30 });
    const f = path.join(t.dir, `qq-${k}.txt`);
    fs.writeFileSync(f, qq.text);
    return f;
  };
  await importFile(db, qqTxtImporter, write(1, 300), { now: () => NOW, timeZone: 'Asia/Shanghai' });
  before = { messages: db.prepare('SELECT count(*) FROM messages').pluck().get() as number };
  const s = await importFile(db, qqTxtImporter, write(2, 1500), { now: () => NOW, timeZone: 'Asia/Shanghai' });
  batchMessages = s.messagesAdded;
  db.prepare("UPDATE import_batches SET status = 'running', finished_at = NULL, owner_pid = ?, heartbeat_at = ? WHERE id = ?").run(DEAD_PID, Date.now(), s.batchId);
  db.close();
});
afterEach(() => t.cleanup());

function checkRolledBack(): void {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(before.messages);
    expect(db.prepare("SELECT count(*) FROM import_batches WHERE status = 'running'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM groups WHERE name = '回滚测试群2'").pluck().get()).toBe(0);
    // The search index holds exactly the messages left, and new messages are indexed again.
    expect(db.prepare('SELECT count(*) FROM message_search').pluck().get()).toBe(db.prepare("SELECT count(*) FROM messages WHERE text != ''").pluck().get());
    expect(db.prepare(`SELECT count(*) FROM messages m WHERE m.text != '' AND NOT EXISTS (SELECT 1 FROM message_search s WHERE s.rowid = ${SEARCH_KEY_SQL('m')})`).pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'messages_search_insert'").pluck().get()).toBe(1);
  } finally {
    db.close();
  }
}

describe('an import a crash interrupted', () => {
  it('with few rows left is rolled back at once on open', async () => {
    const core = createCore({ dbPath: file, clock: fixedClock(T0), settings: memorySettings() });
    try {
      expect(core.workspaces.checking).toBe(false);
      checkRolledBack();
    } finally {
      core.close();
    }
  });

  it('with many rows left is rolled back in a worker with its progress shown, while the workspace reads and writes, and imports wait for it', async () => {
    expect(batchMessages).toBeGreaterThan(1000);
    const core = createCore({ dbPath: file, clock: fixedClock(T0), settings: memorySettings(), syncRollbackMessages: 100 });
    const seen: WorkspaceDto[] = [];
    core.on((event, payload) => {
      if (event === 'workspace.changed') seen.push(payload as WorkspaceDto);
    });
    try {
      expect(core.workspaces.checking).toBe(true);
      const ws = await core.call('workspace.current', {});
      expect(ws.ok && (ws.value as WorkspaceDto).rollingBack).toBeTruthy();
      // Reading and writing go on meanwhile.
      expect((await core.call('groups.list', {})).ok).toBe(true);
      const g = await core.call('groups.create', { input: { platform: 'wechat', name: '回滚期间新建的群', groupType: 'C', city: '上海' } });
      expect(g.ok, JSON.stringify(g)).toBe(true);
      // An import asked for meanwhile starts once the rollback is done (it waits, it is not refused).
      const started = await core.call('imports.start', { path: path.join(t.dir, 'qq-1.txt'), mode: 'import', timeZone: 'Asia/Shanghai' });
      expect(started.ok, JSON.stringify(started)).toBe(true);
      expect(core.workspaces.checking).toBe(false);
      await core.workspaces.ready;
      const progress = seen.map((w) => w.rollingBack).filter((p): p is { done: number; total: number } => !!p);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((p) => p.total === batchMessages && p.done <= p.total)).toBe(true);
      expect(progress.at(-1)!.done).toBe(batchMessages);
      // The end is said too: the workspace without a rollback.
      expect(seen.at(-1)!.rollingBack ?? null).toBeNull();
      // Wait for the import that waited (the same file as the first batch: it adds nothing).
      const running = async () => ((await core.call('imports.running', {})) as { value: unknown[] }).value.length;
      for (let i = 0; i < 400 && (await running()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await running()).toBe(0);
    } finally {
      core.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT count(*) FROM groups WHERE name = '回滚期间新建的群'").pluck().get()).toBe(1);
    db.close();
    checkRolledBack();
  }, 60_000);
});

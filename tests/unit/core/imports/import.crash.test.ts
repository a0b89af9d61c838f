/**
 * The import crash loop (#17, Deliver): a child process imports a realistic QQ group export (the
 * generator in tests/fixtures) the way the app does, and is SIGKILLed at a random moment (seeded
 * delays spread over the whole import, so most kills land between chunk commits of a running
 * import), at least 20 times; a third of the runs take the bulk path (indexes and the search
 * trigger dropped while loading). After every kill:
 *  - before any recovery: `PRAGMA integrity_check` is ok, and every chunk the child reported
 *    committed is on disk (rows of the running batch ≥ the rows it reported);
 *  - after the next open (the core's own open path, which rolls back a dead process's batch):
 *    integrity and foreign keys ok; no batch left running; no row of any batch that is not done;
 *    every done batch has exactly the rows its file holds (counted by the generator, not the
 *    importer); the workspace's totals are the sums of the done batches; each group's counters
 *    match its rows; the search index holds exactly one row per message with text; every message
 *    index and the search trigger are back.
 * The figures are printed at the end. QUNZHU_CRASH_SEED picks another seed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../../../../scripts/node-bundle.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core/create-core';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { SEARCH_KEY_SQL } from '../../../../electron/core/db/migrations/0003-inbox';
import { createRng } from '../../../../electron/core/demo/random';
import { qqGroupExport } from '../../../fixtures/generators/qq-group';
import { tmpDir } from '../../../helpers/tmp';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../../..');
const CHILD = path.join(ROOT, 'tests/helpers/import-child.ts');
const SEED = Number(process.env.QUNZHU_CRASH_SEED ?? 20261123);
const KILLS = 20;
/** Messages per export (about 4,200 rows with the system events) in chunks of CHUNK rows: ~17 commits per import. */
const MESSAGES = 4000;
const CHUNK = 250;
const END = Date.parse('2026-11-20T12:00:00Z');
/** Tables whose rows carry the batch that wrote them. */
const BATCH_TABLES = ['messages', 'member_events', 'member_names', 'memberships', 'members', 'groups'] as const;
const MESSAGE_INDEXES = ['messages_time', 'messages_group_time', 'messages_sender_time', 'message_mentions_member'];

interface ExportFile {
  path: string;
  group: string;
  messages: number;
  events: number;
}

let t: ReturnType<typeof tmpDir>;
let childJs: string;
let dbPath: string;
const files: ExportFile[] = [];

/** Export k: its own group (so every done batch adds rows), made on first use. */
function exportFile(k: number): ExportFile {
  if (files[k]) return files[k]!;
  const qq = qqGroupExport({ seed: SEED + k, group: `崩溃测试群${k + 1}`, senders: 30, messages: MESSAGES, end: END, days: 90 });
  const file = path.join(t.dir, `qq-${k + 1}.txt`);
  fs.writeFileSync(file, qq.text);
  files[k] = { path: file, group: qq.group, messages: qq.memberMessages, events: qq.joins + qq.recalls + qq.fileNotices };
  return files[k]!;
}

interface Run {
  pid: number;
  /** Rows the child reported committed, last report. */
  reported: number;
  done: boolean;
  killed: boolean;
  /** From `ready` to exit or kill. */
  ms: number;
}

/**
 * Starts the child on export `file`; once it reports ready, waits `delayMs` (or for the child to
 * finish, whichever is first) and SIGKILLs it if it still runs. `delayMs` null: let it finish.
 */
function runChild(file: ExportFile, mode: 'chunked' | 'bulk', delayMs: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Bundled once (beforeAll): a cold tsx start per run would cost most of the time budget.
    const child = spawn(process.execPath, [childJs, dbPath, file.path, String(CHUNK), mode], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
    const run: Run = { pid: child.pid!, reported: 0, done: false, killed: false, ms: 0 };
    let readyAt = 0;
    let buf = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') {
          readyAt = performance.now();
          if (delayMs !== null)
            timer = setTimeout(() => {
              if (child.exitCode === null && child.signalCode === null) {
                run.killed = child.kill('SIGKILL');
                run.ms = performance.now() - readyAt;
              }
            }, delayMs);
        } else if (line.startsWith('chunk ')) run.reported = Number(line.slice(6));
        else if (line.startsWith('done ')) run.done = true;
      }
    });
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (!run.killed) run.ms = performance.now() - readyAt;
      if (signal === 'SIGKILL' && run.killed) return resolve(run);
      if (code === 0 && run.done) return resolve(run);
      reject(new Error(`import child exited ${code ?? signal}: ${err}`));
    });
  });
}

const one = <T>(db: Db, sql: string, ...args: unknown[]): T => db.prepare(sql).pluck().get(...args) as T;

interface BatchRow {
  id: number;
  file_path: string;
  status: string;
  owner_pid: number | null;
  messages_added: number;
  events_added: number;
}

/** What must hold after every recovery; returns the rows it checked. */
function checkRecovered(db: Db): number {
  expect(one(db, 'PRAGMA integrity_check')).toBe('ok');
  expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  const batches = db.prepare('SELECT id, file_path, status, owner_pid, messages_added, events_added FROM import_batches ORDER BY id').all() as BatchRow[];
  expect(batches.filter((b) => b.status === 'running')).toEqual([]);
  // Nothing of a batch that did not finish: not a message, an event, a member, a group.
  for (const b of batches.filter((x) => x.status !== 'done')) {
    for (const table of BATCH_TABLES) expect(one<number>(db, `SELECT count(*) FROM ${table} WHERE import_batch_id = ?`, b.id), `${table} of batch ${b.id} (${b.status})`).toBe(0);
  }
  // Every done batch whole: exactly what its file holds, as the generator counted it.
  const done = batches.filter((b) => b.status === 'done');
  const byFile = new Map(files.map((f) => [f.path, f]));
  expect(new Set(done.map((b) => b.file_path)).size).toBe(done.length);
  for (const b of done) {
    const f = byFile.get(b.file_path)!;
    expect(f, b.file_path).toBeDefined();
    expect(one<number>(db, 'SELECT count(*) FROM messages WHERE import_batch_id = ?', b.id), `messages of batch ${b.id}`).toBe(f.messages);
    expect(one<number>(db, 'SELECT count(*) FROM member_events WHERE import_batch_id = ?', b.id), `events of batch ${b.id}`).toBe(f.events);
    expect({ messages: b.messages_added, events: b.events_added }).toEqual({ messages: f.messages, events: f.events });
    expect(db.prepare('SELECT name, message_count FROM groups WHERE import_batch_id = ?').all(b.id)).toEqual([{ name: f.group, message_count: f.messages }]);
  }
  // The totals are the done batches' sums; counters agree with the rows.
  const messages = one<number>(db, 'SELECT count(*) FROM messages');
  const events = one<number>(db, 'SELECT count(*) FROM member_events');
  expect(messages).toBe(done.reduce((n, b) => n + b.messages_added, 0));
  expect(events).toBe(done.reduce((n, b) => n + b.events_added, 0));
  expect(db.prepare('SELECT g.id FROM groups g WHERE g.message_count != (SELECT count(*) FROM messages m WHERE m.group_id = g.id)').all()).toEqual([]);
  // The search index: one row per message with text, each under that message's key.
  const withText = one<number>(db, "SELECT count(*) FROM messages WHERE text != ''");
  expect(one<number>(db, 'SELECT count(*) FROM message_search')).toBe(withText);
  expect(one<number>(db, `SELECT count(*) FROM messages m WHERE m.text != '' AND NOT EXISTS (SELECT 1 FROM message_search s WHERE s.rowid = ${SEARCH_KEY_SQL('m')})`)).toBe(0);
  const schema = (db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger')").pluck().all() as string[]);
  expect(schema).toEqual(expect.arrayContaining([...MESSAGE_INDEXES, 'messages_search_insert']));
  return messages + events;
}

beforeAll(async () => {
  t = tmpDir('qunzhu-crash-');
  dbPath = path.join(t.dir, 'ws.db');
  childJs = path.join(t.dir, 'import-child.cjs');
  await build({
    entryPoints: [CHILD],
    outfile: childJs,
    ...nodeBundle,
    logLevel: 'error',
  });
  // The workspace as the app makes it; the child then opens its own connection, as the import worker does.
  const core = createCore({ dbPath });
  await core.workspaces.ready;
  core.close();
}, 60_000);
afterAll(() => t?.cleanup());

describe('import crash loop', () => {
  it(`SIGKILL at random moments, ${KILLS} times and more: integrity, no half-written batch, consistent counts and search index`, async () => {
    const rng = createRng(SEED);
    const f = {
      kills: 0,
      midImport: 0,
      midImportWithRows: 0,
      afterDone: 0,
      beforeBatch: 0,
      completed: 0,
      rowsRolledBack: 0,
      rowsChecked: 0,
      iterations: 0,
    };
    let next = 0;
    const nextFile = () => exportFile(next);
    let verifyMs = 0;
    const verify = async () => {
      const t0 = performance.now();
      const core = createCore({ dbPath });
      try {
        await core.workspaces.ready;
        f.rowsChecked += checkRecovered(core.workspaces.db);
      } finally {
        core.close();
      }
      verifyMs += performance.now() - t0;
    };

    // Calibration: one import of each path runs to the end, which also gives how long one takes.
    const took: Record<'chunked' | 'bulk', number> = { chunked: 0, bulk: 0 };
    for (const mode of ['chunked', 'bulk'] as const) {
      const r = await runChild(nextFile(), mode, null);
      took[mode] = r.ms;
      f.completed++;
      next++;
      await verify();
    }

    const started = performance.now();
    while (f.kills < KILLS && f.iterations < 3 * KILLS) {
      f.iterations++;
      const mode = f.iterations % 3 === 0 ? 'bulk' : 'chunked';
      const file = nextFile();
      // Anywhere from the open to a little after the import's usual end.
      const delay = Math.round(rng.next() * 1.25 * took[mode]);
      const r = await runChild(file, mode, delay);

      // Straight after the kill, before anything recovers: a sound file, every reported chunk on disk.
      const raw = openDatabase(dbPath);
      let batch: BatchRow | undefined;
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        batch = raw.prepare('SELECT id, file_path, status, owner_pid, messages_added, events_added FROM import_batches WHERE owner_pid = ? ORDER BY id DESC LIMIT 1').get(r.pid) as BatchRow | undefined;
        if (batch?.status === 'running') {
          const rows = one<number>(raw, 'SELECT count(*) FROM messages WHERE import_batch_id = ?', batch.id) + one<number>(raw, 'SELECT count(*) FROM member_events WHERE import_batch_id = ?', batch.id);
          expect(rows, 'rows of the interrupted batch against the chunks it reported').toBeGreaterThanOrEqual(r.reported);
          expect(rows).toBeLessThanOrEqual(file.messages + file.events);
          f.rowsRolledBack += rows;
          if (rows > 0) f.midImportWithRows++;
        }
      } finally {
        raw.close();
      }

      if (!r.killed) {
        expect(batch?.status).toBe('done');
        f.completed++;
      } else {
        f.kills++;
        if (!batch) f.beforeBatch++;
        else if (batch.status === 'running') f.midImport++;
        else {
          expect(batch.status).toBe('done');
          f.afterDone++;
        }
      }
      if (batch?.status === 'done') next++;

      // The next open: recovery as the app does it, then everything checked.
      await verify();
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `import crash loop (seed ${SEED}): ${f.kills} kills in ${f.iterations} runs (${seconds} s); ${f.midImport} mid-import (${f.midImportWithRows} with chunks already committed, ` +
        `${f.rowsRolledBack} rows rolled back on the next open), ${f.afterDone} after the batch was done, ${f.beforeBatch} before it began; ` +
        `${f.completed} imports ran to the end; ${next} batches committed; ${f.rowsChecked} rows checked after recoveries ` +
        `(one import: ${Math.round(took.chunked)} ms chunked, ${Math.round(took.bulk)} ms bulk; checks ${Math.round(verifyMs)} ms)`,
    );
    expect(f.kills).toBeGreaterThanOrEqual(KILLS);
    // The loop must have cut imports off mid-way, with work already committed, to prove anything.
    expect(f.midImport).toBeGreaterThanOrEqual(KILLS / 2);
    expect(f.midImportWithRows).toBeGreaterThanOrEqual(3);
    // Each of those left one batch, which the next open closed as failed; every other batch is done.
    const end = openDatabase(dbPath);
    try {
      expect(end.prepare('SELECT status, count(*) AS n FROM import_batches GROUP BY status ORDER BY status').all()).toEqual([
        { status: 'done', n: next },
        ...(f.midImport ? [{ status: 'failed', n: f.midImport }] : []),
      ]);
    } finally {
      end.close();
    }
  }, 240_000);
});

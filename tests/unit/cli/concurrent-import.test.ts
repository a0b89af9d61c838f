/**
 * `qunzhu import` from several processes into one database at once, as real child processes:
 * a fresh --db (the migration race), two overlapping imports (the second waits its turn and says
 * so), and an import that meets another writer holding the lock for longer than the default busy
 * timeout (it waits instead of failing "database is locked").
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tryImportLock } from '../../../electron/core/db/import-lock';
import { qqGroupExport } from '../../fixtures/generators/qq-group';
import { tmpDir } from '../../helpers/tmp';

const root = path.resolve(__dirname, '../../..');
const qunzhu = path.join(root, 'bin', 'qunzhu.cjs');
const END = Date.parse('2026-11-20T00:00:00Z');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { exit: Promise<Exit>; stderr: () => string } {
  const child = spawn(process.execPath, [qunzhu, ...args], { cwd: root, env: { ...process.env, QUNZHU_FROM_SOURCE: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return { exit: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))), stderr: () => stderr };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir();
});
afterEach(() => t.cleanup());

function exportFile(name: string, messages: number, seed: number): { file: string; messages: number } {
  const e = qqGroupExport({ end: END, senders: 80, messages, group: name, seed });
  const file = path.join(t.dir, `${name}.txt`);
  fs.writeFileSync(file, e.text);
  return { file, messages: e.memberMessages };
}

const stats = async (db: string) => JSON.parse((await start(['stats', '--db', db]).exit).stdout) as { groups: number; messages: number };

describe('qunzhu import from several processes at once', () => {
  it('5 imports into a fresh --db, started together: all succeed and every message is there', async () => {
    const db = path.join(t.dir, 'fresh.db');
    const files = Array.from({ length: 5 }, (_, i) => exportFile(`并发群${i + 1}`, 1500, i + 1));
    const exits = await Promise.all(files.map((f) => start(['import', f.file, '--db', db, '--tz', 'Asia/Shanghai']).exit));
    exits.forEach((x, i) => {
      expect(x.code, x.stderr).toBe(0);
      expect(JSON.parse(x.stdout)).toMatchObject({ status: 'done', messagesAdded: files[i]!.messages, groupsCreated: 1 });
    });
    expect(await stats(db)).toMatchObject({ groups: 5, messages: files.reduce((n, f) => n + f.messages, 0) });
  }, 180_000);

  it('a second import while one runs waits its turn, saying so, and both land in full', async () => {
    const db = path.join(t.dir, 'two.db');
    const big = exportFile('大群', 40_000, 11);
    const small = exportFile('小群', 2000, 12);
    const first = start(['import', big.file, '--db', db, '--tz', 'Asia/Shanghai']);
    // Until the first holds the workspace's import lock.
    for (let i = 0; ; i++) {
      const probe = tryImportLock(db);
      if (!probe) break;
      probe.release();
      if (i > 600) throw new Error(`the first import never started: ${first.stderr()}`);
      await sleep(50);
    }
    const second = start(['import', small.file, '--db', db, '--tz', 'Asia/Shanghai']);
    const [a, b] = await Promise.all([first.exit, second.exit]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain('正在等待另一个导入完成');
    expect(JSON.parse(a.stdout)).toMatchObject({ status: 'done', messagesAdded: big.messages });
    expect(JSON.parse(b.stdout)).toMatchObject({ status: 'done', messagesAdded: small.messages });
    expect(await stats(db)).toMatchObject({ groups: 2, messages: big.messages + small.messages });
  }, 180_000);

  it('waits for another writer holding the lock longer than 5 s instead of failing "database is locked"', async () => {
    const db = path.join(t.dir, 'held.db');
    const one = exportFile('一群', 500, 21);
    expect((await start(['import', one.file, '--db', db]).exit).code).toBe(0);
    const release = path.join(t.dir, 'release');
    // Another process holds the write lock until told to stop.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const fs = require('fs'); const db = new D(${JSON.stringify(db)});
         db.exec('BEGIN IMMEDIATE'); db.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('held', '1')"); process.stdout.write('holding\\n');
         const nap = new Int32Array(new SharedArrayBuffer(4)); while (!fs.existsSync(${JSON.stringify(release)})) Atomics.wait(nap, 0, 0, 20);
         db.exec('COMMIT'); db.close();`,
      ],
      { cwd: root },
    );
    await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
    const two = exportFile('二群', 500, 22);
    const second = start(['import', two.file, '--db', db]);
    // Longer than the 5 s a connection of the app's own thread waits.
    await sleep(8000);
    fs.writeFileSync(release, '');
    const x = await second.exit;
    expect(x.code, `${x.stdout}\n${x.stderr}`).toBe(0);
    expect(JSON.parse(x.stdout)).toMatchObject({ status: 'done', messagesAdded: two.messages });
    expect(await stats(db)).toMatchObject({ groups: 2, messages: one.messages + two.messages });
  }, 180_000);
});

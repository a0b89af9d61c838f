import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256, tmpDir } from '../../helpers/tmp';

const root = path.resolve(__dirname, '../../..');
const qunzhu = path.join(root, 'bin', 'qunzhu.cjs');
const run = (...args: string[]) => spawnSync(process.execPath, [qunzhu, ...args], { encoding: 'utf8', env: { ...process.env, QUNZHU_FROM_SOURCE: '1' } });

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir();
});
afterEach(() => t.cleanup());

describe('qunzhu CLI', () => {
  it('demo creates the demo workspace and stats prints non-zero counts as JSON', () => {
    const db = path.join(t.dir, 'demo.db');
    const d = run('demo', '--db', db);
    expect(d.status, d.stderr).toBe(0);
    const s = run('stats', '--db', db);
    expect(s.status, s.stderr).toBe(0);
    const stats = JSON.parse(s.stdout) as Record<string, number>;
    expect(stats.groups).toBe(12);
    expect(stats.members).toBeGreaterThan(200);
    expect(stats.messages).toBeGreaterThan(2000);
  });

  it('explains usage errors with exit code 2', () => {
    const r = run('stats');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--db PATH is required');
    expect(run('frobnicate').status).toBe(2);
  });

  it('refuses a corrupt database with a clear message and leaves it unchanged', () => {
    const db = path.join(t.dir, 'corrupt.db');
    fs.writeFileSync(db, 'garbage, not sqlite');
    const before = sha256(db);
    const r = run('stats', '--db', db);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('DB_CORRUPT');
    expect(r.stderr).toContain('文件已损坏');
    expect(sha256(db)).toBe(before);
  });

  it('import prints a JSON summary per file, adds nothing on a second run, and reports a broken file', () => {
    const db = path.join(t.dir, 'import.db');
    const good = path.join(root, 'tests/fixtures/imports/telegram/single-chat-current-entities-service.json');
    const bad = path.join(root, 'tests/fixtures/imports/telegram/truncated.json');
    const first = run('import', good, '--db', db, '--tz', 'Asia/Shanghai');
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ format: 'telegram-json', status: 'done', chats: 1, messagesAdded: 4, duplicatesSkipped: 0, membersAdded: 5, systemEvents: 3, errors: [] });
    const second = run('import', good, bad, '--db', db);
    expect(second.status).toBe(1);
    const [again, broken] = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(again).toMatchObject({ status: 'done', messagesAdded: 0, duplicatesSkipped: 4 });
    expect(broken).toMatchObject({ status: 'failed', messagesAdded: 0 });
    expect((broken!.errors as { message: string }[])[0]!.message).toContain('truncated.json');
    const into = path.join(t.dir, 'into.db');
    const grouped = run('import', good, '--db', into, '--group', '导入测试群');
    expect(JSON.parse(grouped.stdout)).toMatchObject({ status: 'done', messagesAdded: 4, groupsCreated: 1 });
    expect(JSON.parse(run('stats', '--db', into).stdout)).toMatchObject({ groups: 1, messages: 4 });
    const unknown = run('import', path.join(root, 'README.md'), '--db', db);
    expect(unknown.status).toBe(1);
    expect(JSON.parse(unknown.stdout).errors[0].reason).toBe('unsupported');
  });

  it('serve prints a loopback URL with its token and answers the contract there', async () => {
    const db = path.join(t.dir, 'serve.db');
    execFileSync(process.execPath, [qunzhu, 'demo', '--db', db], { env: { ...process.env, QUNZHU_FROM_SOURCE: '1' } });
    const child = spawn(process.execPath, [qunzhu, 'serve', '--db', db, '--port', '0', '--data-dir', t.dir], { env: { ...process.env, QUNZHU_FROM_SOURCE: '1' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const u = new URL(url);
      const res = await fetch(`${u.origin}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-qunzhu-token': u.searchParams.get('token')! },
        body: JSON.stringify({ method: 'workspace.current', params: {} }),
      });
      const env = (await res.json()) as { ok: boolean; value: { counts: { groups: number } } };
      expect(env.ok).toBe(true);
      expect(env.value.counts.groups).toBe(12);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

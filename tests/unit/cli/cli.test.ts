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

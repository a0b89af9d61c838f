/**
 * The outbox crash test: a child process sends a 1,000-group broadcast through 1,000 WeCom
 * robots to a loopback receiver that answers like WeCom (ok, 429 with Retry-After, 5xx, and
 * connections dropped after the request arrived). The child is SIGKILLed again and again and
 * restarted until it finishes. Afterwards every target is sent, failed or uncertain — none lost,
 * none left queued — and the receiver's log proves no target reached its group twice, and that
 * every `sent` one reached it exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/repos/groups.repo';
import { Vault } from '../../../../electron/core/secrets';
import { createBroadcast } from '../../../../electron/core/services/broadcasts.service';
import { addRobot } from '../../../../electron/core/services/robots.service';
import { tmpDir } from '../../../helpers/tmp';

const GROUPS = 1000;
const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.resolve(here, '../../../helpers/outbox-child.ts');

interface Arrival {
  key: string;
  answer: 'ok' | '429' | '502' | 'dropped';
}

/** WeCom's webhook as documented: {"errcode":0,"errmsg":"ok"}; some requests get trouble instead, by request number. */
function startReceiver(): Promise<{ url: string; arrivals: Arrival[]; close(): Promise<void> }> {
  const arrivals: Arrival[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? '';
      const i = ++n;
      const answer: Arrival['answer'] = i % 13 === 0 ? '429' : i % 19 === 0 ? '502' : i % 31 === 0 ? 'dropped' : 'ok';
      arrivals.push({ key, answer });
      const delay = 20 + (i % 7) * 30;
      setTimeout(() => {
        if (answer === 'dropped') return void req.socket.destroy();
        if (answer === '429') return void res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"errcode":45009,"errmsg":"api freq out of limit"}');
        if (answer === '502') return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      }, delay);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        arrivals,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

function runChild(dbPath: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(err);
      resolve(code);
    }),
  );
  return { child, exited };
}

const started = (child: ChildProcess) => new Promise<void>((resolve) => child.stdout!.on('data', (c: Buffer) => c.toString().includes('started') && resolve()));

let t: ReturnType<typeof tmpDir>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let dbPath: string;
const keyOfGroup = new Map<number, string>();

beforeAll(async () => {
  t = tmpDir();
  receiver = await startReceiver();
  dbPath = path.join(t.dir, 'ws.db');
  const db = openDatabase(dbPath);
  migrate(db);
  const vault = Vault.beside(dbPath);
  const now = Date.now();
  const d = { db, locale: 'zh-CN' as const, now: () => now, vault };
  db.transaction(() => {
    for (let i = 0; i < GROUPS; i++) {
      const g = insertGroup(db, { platform: 'wecom', name: `内部群${i + 1}`, groupType: 'B', positioning: '', audience: '', city: '', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' }, now);
      const key = `k${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`;
      keyOfGroup.set(g, key);
      addRobot(d, { name: `机器人${i + 1}`, platform: 'wecom', groupId: g, credentials: { webhook: key }, baseUrl: receiver.url });
    }
  })();
  // Outside quiet hours whatever the machine's clock says: the plan's zone is set so "now" is noon.
  const local = new Date(now);
  const offsetMin = 12 * 60 - (local.getUTCHours() * 60 + local.getUTCMinutes());
  const { plan } = createBroadcast({ db, locale: 'zh-CN', now: () => now, utcOffsetMin: offsetMin }, { name: '全员通知', format: 'text', body: '{{group.name}}：今晚 8 点直播', targeting: { all: true } });
  expect(plan.summary.byMode.auto).toBe(GROUPS);
  db.close();
}, 120_000);

afterAll(async () => {
  await receiver.close();
  t.cleanup();
});

describe('outbox under SIGKILL', () => {
  it('loses nothing and sends nothing twice across many crashes', async () => {
    let kills = 0;
    // Kill it at varied moments while it sends, then let the last run finish.
    for (const ms of [150, 400, 90, 700, 250, 1200, 60, 500, 300, 900, 200, 1500]) {
      const { child, exited } = runChild(dbPath);
      await started(child);
      const winner = await Promise.race([exited.then(() => 'done' as const), new Promise<'kill'>((r) => setTimeout(() => r('kill'), ms))]);
      if (winner === 'done') break;
      child.kill('SIGKILL');
      await exited;
      kills++;
    }
    const last = runChild(dbPath);
    expect(await last.exited).toBe(0);

    const db: Db = openDatabase(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('SELECT group_id, status, attempts FROM broadcast_targets').all() as { group_id: number; status: string; attempts: number }[];
      expect(rows).toHaveLength(GROUPS);
      const counts: Record<string, number> = {};
      for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
      // None lost, none left waiting.
      expect(Object.keys(counts).every((s) => ['sent', 'failed', 'uncertain'].includes(s))).toBe(true);

      const okArrivals = new Map<string, number>();
      const allArrivals = new Map<string, number>();
      for (const a of receiver.arrivals) {
        allArrivals.set(a.key, (allArrivals.get(a.key) ?? 0) + 1);
        if (a.answer === 'ok') okArrivals.set(a.key, (okArrivals.get(a.key) ?? 0) + 1);
      }
      let twice = 0;
      for (const r of rows) {
        const key = keyOfGroup.get(r.group_id)!;
        const ok = okArrivals.get(key) ?? 0;
        // Never delivered twice, whatever happened.
        if (ok > 1) twice++;
        if (r.status === 'sent') expect(ok, `group ${r.group_id}`).toBe(1);
        if (r.status === 'failed') expect(ok, `group ${r.group_id}`).toBe(0);
        // An uncertain one was never tried again after it became uncertain: at most the one arrival.
        if (r.status === 'uncertain') expect(ok).toBeLessThanOrEqual(1);
      }
      expect(twice).toBe(0);
      const uncertainReached = rows.filter((r) => r.status === 'uncertain' && (okArrivals.get(keyOfGroup.get(r.group_id)!) ?? 0) === 1).length;
      const retried = [...allArrivals.values()].filter((n) => n > 1).length;
      console.log(
        `outbox crash test: ${kills} SIGKILLs; ${GROUPS} targets → sent ${counts.sent ?? 0}, failed ${counts.failed ?? 0}, uncertain ${counts.uncertain ?? 0} ` +
          `(${uncertainReached} of them had in fact arrived; ${receiver.arrivals.filter((a) => a.answer === 'dropped').length} connections dropped by the receiver); ${receiver.arrivals.length} requests, ${retried} robots asked more than once (429/5xx retries); delivered twice: ${twice}`,
      );
      // Uncertain: the connections the receiver dropped after reading the request, and at most
      // `concurrency` (8) requests under way when each kill landed; the rest is sent or cleanly retried.
      const dropped = receiver.arrivals.filter((a) => a.answer === 'dropped').length;
      expect(counts.uncertain ?? 0).toBeLessThanOrEqual(dropped + 8 * kills);
      expect(counts.sent ?? 0).toBeGreaterThan(GROUPS / 2);
      expect(kills).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 240_000);
});

/**
 * The outbox crash test: a child process sends broadcasts to 1,000 groups through 1,000 WeCom
 * robots to a loopback receiver that answers like WeCom (ok, 429 with Retry-After, 5xx, and
 * connections dropped after the request arrived). 300 of the groups get a picture too: two
 * requests each, the text then the picture, which the receiver decodes and checks (md5, size,
 * format). The child is SIGKILLed again and again and restarted until it finishes. Afterwards
 * every target is sent, failed or uncertain — none lost, none left queued — and the receiver's log
 * proves no text and no picture reached its group twice, that every `sent` one got each of its
 * parts exactly once (the text before the picture), and that `parts_done` never claims a part
 * that did not arrive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { Vault } from '../../../../electron/core/secrets';
import { storeImage } from '../../../../electron/core/broadcasts/broadcast-images.service';
import { createBroadcast } from '../../../../electron/core/broadcasts/broadcasts.service';
import { addRobot } from '../../../../electron/core/connections/robots.service';
import { checkWecomImage } from '../../../helpers/loopback-robot';
import { solidPng } from '../../../helpers/png';
import { tmpDir } from '../../../helpers/tmp';

const GROUPS = 1000;
/** The last WITH_IMAGE groups get a broadcast with a picture; the others one with text only. */
const WITH_IMAGE = 300;
const PNG = solidPng(24, 16, [255, 128, 0]);
const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.resolve(here, '../../../helpers/outbox-child.ts');

interface Arrival {
  key: string;
  /** The message type; 'bad-image' is an image message that failed the receiver's checks. */
  kind: 'text' | 'image' | 'bad-image' | 'other';
  answer: 'ok' | '429' | '502' | 'dropped' | 'refused';
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
      let kind: Arrival['kind'] = 'other';
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { msgtype?: string; image?: Record<string, unknown> };
        if (body.msgtype === 'text') kind = 'text';
        else if (body.msgtype === 'image') kind = body.image && checkWecomImage(body.image)?.bytes.equals(PNG) ? 'image' : 'bad-image';
      } catch {
        kind = 'other';
      }
      const answer: Arrival['answer'] = kind === 'bad-image' || kind === 'other' ? 'refused' : i % 13 === 0 ? '429' : i % 19 === 0 ? '502' : i % 31 === 0 ? 'dropped' : 'ok';
      arrivals.push({ key, kind, answer });
      const delay = 20 + (i % 7) * 30;
      setTimeout(() => {
        if (answer === 'dropped') return void req.socket.destroy();
        if (answer === '429') return void res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"errcode":45009,"errmsg":"api freq out of limit"}');
        if (answer === '502') return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
        if (answer === 'refused') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":40009,"errmsg":"invalid image"}');
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
const imageGroups = new Set<number>();

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
  const ids = [...keyOfGroup.keys()];
  for (const g of ids.slice(GROUPS - WITH_IMAGE)) imageGroups.add(g);
  const deps = { db, locale: 'zh-CN' as const, now: () => now, utcOffsetMin: offsetMin };
  const imageId = storeImage(deps, PNG, 'poster.png').id;
  const text = createBroadcast(deps, { name: '全员通知', format: 'text', body: '{{group.name}}：今晚 8 点直播', targeting: { groupIds: ids.slice(0, GROUPS - WITH_IMAGE) } });
  const withImage = createBroadcast(deps, { name: '海报', format: 'text', body: '{{group.name}}：今晚 8 点直播（见海报）', targeting: { groupIds: [...imageGroups] }, imageId });
  expect(text.plan.summary.byMode.auto + withImage.plan.summary.byMode.auto).toBe(GROUPS);
  expect(withImage.plan.targets.every((x) => x.delivery.image?.id === imageId)).toBe(true);
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
      const rows = db.prepare('SELECT group_id, status, attempts, parts_done, image_id FROM broadcast_targets').all() as { group_id: number; status: string; attempts: number; parts_done: number; image_id: number | null }[];
      expect(rows).toHaveLength(GROUPS);
      const counts: Record<string, number> = {};
      for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
      // None lost, none left waiting.
      expect(Object.keys(counts).every((s) => ['sent', 'failed', 'uncertain'].includes(s))).toBe(true);

      // Every picture the receiver saw decoded to the stored one, with its md5.
      expect(receiver.arrivals.filter((a) => a.kind === 'bad-image' || a.kind === 'other')).toEqual([]);
      const okArrivals = new Map<string, number>();
      const okTexts = new Map<string, number>();
      const okImages = new Map<string, number>();
      const allArrivals = new Map<string, number>();
      const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
      for (const a of receiver.arrivals) {
        bump(allArrivals, a.key);
        if (a.answer !== 'ok') continue;
        bump(okArrivals, a.key);
        bump(a.kind === 'image' ? okImages : okTexts, a.key);
        // The picture only ever follows its text.
        if (a.kind === 'image') expect(okTexts.get(a.key), a.key).toBe(1);
      }
      let twice = 0;
      for (const r of rows) {
        const key = keyOfGroup.get(r.group_id)!;
        const texts = okTexts.get(key) ?? 0;
        const images = okImages.get(key) ?? 0;
        const parts = imageGroups.has(r.group_id) ? 2 : 1;
        const at = `group ${r.group_id} (${r.status}, parts_done ${r.parts_done})`;
        expect(r.image_id !== null, at).toBe(parts === 2);
        // Never delivered twice, whatever happened: neither the text nor the picture.
        if (texts > 1 || images > 1) twice++;
        // What parts_done claims arrived did arrive (exactly once).
        if (r.parts_done >= 1) expect(texts, at).toBe(1);
        if (r.parts_done >= 2) expect(images, at).toBe(1);
        if (r.status === 'sent') expect([texts, images, r.parts_done], at).toEqual([1, parts - 1, parts]);
        // A failed part never arrived; a failed picture's text did (parts_done 1).
        if (r.status === 'failed') expect([texts, images], at).toEqual([r.parts_done, 0]);
        // An uncertain part was never tried again after it became uncertain: at most the one arrival,
        // and nothing after it.
        if (r.status === 'uncertain' && r.parts_done === 0) expect([texts <= 1, images], at).toEqual([true, 0]);
        if (r.status === 'uncertain' && r.parts_done === 1) expect(images, at).toBeLessThanOrEqual(1);
      }
      expect(twice).toBe(0);
      const uncertainReached = rows.filter((r) => r.status === 'uncertain' && (r.parts_done === 0 ? okTexts : okImages).get(keyOfGroup.get(r.group_id)!) === 1).length;
      const imageRows = rows.filter((r) => r.image_id !== null);
      const imageSent = imageRows.filter((r) => r.status === 'sent').length;
      const textOnlyOut = imageRows.filter((r) => r.status !== 'sent' && r.parts_done === 1).length;
      const retried = [...allArrivals.values()].filter((n) => n > 1).length;
      console.log(
        `outbox crash test: ${kills} SIGKILLs; ${GROUPS} targets → sent ${counts.sent ?? 0}, failed ${counts.failed ?? 0}, uncertain ${counts.uncertain ?? 0} ` +
          `(${uncertainReached} of them had in fact arrived; ${receiver.arrivals.filter((a) => a.answer === 'dropped').length} connections dropped by the receiver); ${receiver.arrivals.length} requests, ${retried} robots asked more than once (429/5xx retries); ` +
          `with a picture: ${imageRows.length} targets → ${imageSent} sent both parts, ${textOnlyOut} got the text but not (or not surely) the picture, ${receiver.arrivals.filter((a) => a.kind === 'image' && a.answer === 'ok').length} pictures delivered; delivered twice: ${twice}`,
      );
      // Uncertain: the connections the receiver dropped after reading the request, and at most
      // `concurrency` (8) requests under way when each kill landed; the rest is sent or cleanly retried.
      const dropped = receiver.arrivals.filter((a) => a.answer === 'dropped').length;
      expect(counts.uncertain ?? 0).toBeLessThanOrEqual(dropped + 8 * kills);
      expect(counts.sent ?? 0).toBeGreaterThan(GROUPS / 2);
      expect(imageSent).toBeGreaterThan(WITH_IMAGE / 2);
      expect(kills).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 240_000);
});

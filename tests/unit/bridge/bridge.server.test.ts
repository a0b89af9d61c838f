import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/create-core';
import { startBridge, type Bridge } from '../../../electron/bridge/bridge.server';
import { memorySettings } from '../../../electron/core/settings';
import { newDownload } from '../../../electron/core/files/downloads';
import { tmpDir } from '../../helpers/tmp';

/** A raw request, so tests can send any Host and Origin header a browser or attacker might. */
function raw(port: number, o: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path ?? '/', headers: o.headers, setHost: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

let t: ReturnType<typeof tmpDir>;
let core: Core;
let bridge: Bridge;
let staticDir: string;
beforeEach(async () => {
  t = tmpDir();
  staticDir = path.join(t.dir, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>qz</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(t.dir, 'secret.txt'), 'top secret');
  core = createCore({ dbPath: path.join(t.dir, 'b.db'), settings: memorySettings() });
  bridge = await startBridge({ core, staticDir, locale: () => 'zh-CN', uploads: { dir: path.join(t.dir, 'uploads'), maxBytes: 1024 }, downloads: { dir: path.join(t.dir, 'downloads') } });
});
afterEach(async () => {
  await bridge.close();
  core.close();
  t.cleanup();
});

const host = () => `127.0.0.1:${bridge.port}`;
const call = (headers: Record<string, string>, body = JSON.stringify({ method: 'groups.list', params: {} })) =>
  raw(bridge.port, { method: 'POST', path: '/api/call', headers: { host: host(), 'content-type': 'application/json', ...headers }, body });

describe('bridge', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);
    expect(bridge.openUrl).toBe(`${bridge.url}?token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('answers a call with the right token', async () => {
    const r = await call({ 'x-qunzhu-token': bridge.token });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
  });

  it('refuses a call without the token, or with a wrong one, and changes nothing', async () => {
    const create = JSON.stringify({ method: 'groups.create', params: { input: { platform: 'qq', name: 'x', groupType: 'C' } } });
    // One character off (never the same character: the token may end in '0').
    const offByOne = bridge.token.slice(0, -1) + (bridge.token.endsWith('0') ? '1' : '0');
    for (const headers of [{}, { 'x-qunzhu-token': 'wrong' }, { 'x-qunzhu-token': offByOne }]) {
      const r = await call(headers, create);
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(JSON.parse(r.body).error.message).toContain('令牌');
    }
    const env = await core.call('groups.list', { archived: 'all' });
    expect(env).toEqual({ ok: true, value: [] });
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (cross-site page)', async () => {
    const h = await call({ 'x-qunzhu-token': bridge.token, host: `evil.example:${bridge.port}` });
    expect(h.status).toBe(403);
    const o = await call({ 'x-qunzhu-token': bridge.token, origin: 'http://evil.example' });
    expect(o.status).toBe(403);
    expect(JSON.parse(o.body).error.code).toBe('FORBIDDEN');
    const same = await call({ 'x-qunzhu-token': bridge.token, origin: `http://127.0.0.1:${bridge.port}` });
    expect(same.status).toBe(200);
    const page = await raw(bridge.port, { headers: { host: `attacker.test:${bridge.port}` } });
    expect(page.status).toBe(403);
  });

  it('answers malformed requests with BAD_REQUEST in the envelope', async () => {
    const bad = await call({ 'x-qunzhu-token': bridge.token }, '{not json');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('BAD_REQUEST');
    expect(JSON.parse(bad.body).error.message).toMatch(/^请求格式不正确/);
    const noMethod = await call({ 'x-qunzhu-token': bridge.token }, JSON.stringify({ params: {} }));
    expect(noMethod.status).toBe(400);
    const wrongType = await call({ 'x-qunzhu-token': bridge.token, 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    const invalid = await call({ 'x-qunzhu-token': bridge.token }, JSON.stringify({ method: 'groups.get', params: { id: 'x' } }));
    expect(invalid.status).toBe(200);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers a malformed %-escape, a NUL or an unparsable target with 400 and keeps serving (no token needed to try)', async () => {
    for (const p of ['/%', '/%c0', '/%ZZ', '/assets/%E0%A4%A', '/a%00b', 'http://[::1/x']) {
      const r = await raw(bridge.port, { path: p, headers: { host: host() } });
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect((await raw(bridge.port, { path: '/', headers: { host: host() } })).status).toBe(200);
    expect((await call({ 'x-qunzhu-token': bridge.token })).status).toBe(200);
  });

  it('serves the renderer with a strict CSP and never a file outside its folder', async () => {
    const index = await raw(bridge.port, { headers: { host: host() } });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>qz</title>');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    const js = await raw(bridge.port, { path: '/assets/app.js', headers: { host: host() } });
    expect(js.headers['content-type']).toContain('javascript');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await raw(bridge.port, { path: p, headers: { host: host() } });
      expect(r.body, p).not.toContain('top secret');
    }
  });

  it('takes a dropped file as an upload into its private folder, with a safe name, within the size cap', async () => {
    const up = (name: string, body: string, headers: Record<string, string> = { 'x-qunzhu-token': bridge.token }) =>
      raw(bridge.port, { method: 'POST', path: `/api/upload?name=${encodeURIComponent(name)}`, headers: { host: host(), 'content-type': 'application/octet-stream', ...headers }, body });
    const ok = await up('../../聊天记录.txt', '2024-01-01 10:00:00 小王(10001)\n你好\n');
    expect(ok.status).toBe(200);
    const file = (JSON.parse(ok.body) as { value: { path: string } }).value.path;
    // Its own private folder inside the uploads folder, and its own name (what the history shows).
    expect(path.dirname(path.dirname(file))).toBe(path.join(t.dir, 'uploads'));
    expect(path.basename(file)).toBe('聊天记录.txt');
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toContain('你好');
    expect((await up('x.txt', 'secret', {})).status).toBe(401);
    const big = await up('big.txt', 'x'.repeat(5000));
    expect(big.status).toBe(413);
    // The refused upload left nothing behind.
    expect(fs.readdirSync(path.join(t.dir, 'uploads'))).toEqual([path.basename(path.dirname(file))]);
  });

  it('a launch address opens the console once, without the token in it, and never again (#17 item 7)', async () => {
    const launch = bridge.launchUrl();
    expect(launch).toMatch(new RegExp(`^${bridge.url}launch/[A-Za-z0-9_-]{43}$`));
    expect(launch).not.toContain(bridge.token);
    const other = bridge.launchUrl();
    expect(other).not.toBe(launch);
    const get = (u: string, headers: Record<string, string> = { host: host() }) => raw(bridge.port, { path: new URL(u).pathname, headers });
    // Host is checked as everywhere else, and a refused request does not use the address up.
    expect((await get(launch, { host: 'evil.example:80' })).status).toBe(403);
    expect((await raw(bridge.port, { method: 'POST', path: new URL(launch).pathname, headers: { host: host() } })).status).toBe(405);
    const first = await get(launch);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/?token=${bridge.token}`);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    const again = await get(launch);
    expect(again.status).toBe(410);
    expect(again.body).toContain('一次性');
    expect(again.body).not.toContain(bridge.token);
    // Each address is its own: the second still works once; made-up ones never do.
    expect((await get(other)).status).toBe(303);
    expect((await get(other)).status).toBe(410);
    for (const p of ['/launch/', `/launch/${'A'.repeat(43)}`, `/launch/${bridge.token}`]) expect((await raw(bridge.port, { path: p, headers: { host: host() } })).status).toBe(410);
  });

  it('a launch address no longer works once its time is up', async () => {
    let now = 1_000_000;
    const b = await startBridge({ core, locale: () => 'en', launch: { ttlMs: 60_000, now: () => now } });
    try {
      const late = b.launchUrl();
      const soon = b.launchUrl();
      now += 30_000;
      expect((await raw(b.port, { path: new URL(soon).pathname, headers: { host: `127.0.0.1:${b.port}` } })).status).toBe(303);
      now += 30_001;
      const r = await raw(b.port, { path: new URL(late).pathname, headers: { host: `127.0.0.1:${b.port}` } });
      expect(r.status).toBe(410);
      expect(r.body).toContain('one-time link');
    } finally {
      await b.close();
    }
  });

  it('hands out a file the core wrote by its id, only with the token, as an attachment', async () => {
    const dir = path.join(t.dir, 'downloads');
    const file = newDownload('成员名单-20261123.csv', dir);
    const bytes = '\uFEFF平台ID,昵称,标签\r\nu1,小王,讲师候选\r\n';
    fs.writeFileSync(file.path, bytes);
    const get = (id: string, headers: Record<string, string> = { 'x-qunzhu-token': bridge.token }, method = 'GET') =>
      raw(bridge.port, { method, path: `/api/download?id=${encodeURIComponent(id)}`, headers: { host: host(), ...headers } });

    const ok = await get(file.fileId);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(bytes);
    expect(ok.headers['content-disposition']).toBe(`attachment; filename="____-20261123.csv"; filename*=UTF-8''${encodeURIComponent('成员名单-20261123.csv')}`);
    expect(ok.headers['content-type']).toBe('application/octet-stream');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(ok.headers['content-length'])).toBe(Buffer.byteLength(bytes));

    // No token, a wrong one, or a foreign page: nothing is sent.
    for (const headers of [{}, { 'x-qunzhu-token': 'wrong' }]) {
      const r = await get(file.fileId, headers);
      expect(r.status).toBe(401);
      expect(r.body).not.toContain('小王');
    }
    const foreign = await get(file.fileId, { 'x-qunzhu-token': bridge.token, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);

    // Ids that name nothing, or try to leave the folder: 404 in the user's language.
    fs.writeFileSync(path.join(t.dir, 'secret.txt'), 'top secret');
    for (const id of ['', 'nope', '../secret.txt', `${file.fileId.slice(0, 37)}../../secret.txt`, '00000000-0000-4000-8000-000000000000-gone.csv']) {
      const r = await get(id);
      expect(r.status, id).toBe(404);
      expect(JSON.parse(r.body).error.code).toBe('NOT_FOUND');
      expect(JSON.parse(r.body).error.message).toContain('导出文件');
      expect(r.body).not.toContain('top secret');
    }
    expect((await get(file.fileId, { 'x-qunzhu-token': bridge.token }, 'POST')).status).toBe(405);
  });

  it('accepts an events socket only with the token, from our origin', async () => {
    const open = (protocols: string[], origin?: string) =>
      new Promise<'open' | 'refused'>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events`, protocols, origin ? { origin } : {});
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('error', () => resolve('refused'));
      });
    expect(await open(['qunzhu.v1', `token.${bridge.token}`])).toBe('open');
    expect(await open(['qunzhu.v1'])).toBe('refused');
    expect(await open(['qunzhu.v1', 'token.nope'])).toBe('refused');
    expect(await open(['qunzhu.v1', `token.${bridge.token}`], 'http://evil.example')).toBe('refused');
  });
});

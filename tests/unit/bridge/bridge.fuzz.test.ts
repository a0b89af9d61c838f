/**
 * `qunzhu serve` as a user runs it (a child process), and hostile requests of every shape from
 * fast-check sent as raw bytes — any page the user opens can send such requests to loopback:
 * after each, the server must still be alive, and at the end it must still answer the contract.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../helpers/tmp';

const root = path.resolve(__dirname, '../../..');
const qunzhu = path.join(root, 'bin', 'qunzhu.cjs');

let t: ReturnType<typeof tmpDir>;
let child: ChildProcess;
let port = 0;
let token = '';
let stderr = '';

beforeAll(async () => {
  t = tmpDir();
  child = spawn(process.execPath, [qunzhu, 'serve', '--db', path.join(t.dir, 'fuzz.db'), '--port', '0', '--data-dir', t.dir], { env: { ...process.env, QUNZHU_FROM_SOURCE: '1' } });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const u = new URL(url);
  port = Number(u.port);
  token = u.searchParams.get('token')!;
}, 60_000);
afterAll(() => {
  child.kill('SIGTERM');
  t.cleanup();
});

/** Sends bytes as they are and waits for the server to answer or close; resolves with what came back. */
function send(bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      s.destroy();
      resolve(got);
    };
    s.setTimeout(2_000, done);
    s.on('data', (c) => (got += c.toString('latin1')));
    s.on('end', done);
    s.on('close', done);
    s.on('error', done);
    s.end(bytes);
  });
}

const hostile = fc.constantFrom('%', '%c0', '%ZZ', '%E0%A4%A', '%00', '%2e%2e', '..', '/', '\\', '?', '#', '&', '=', ' ', '\t', '\u202e', '\ud800', '群', '\u0000', '\r\n', '"', '<', '{', '::', '[', ']', '@');
const target = fc.oneof(
  fc.array(fc.oneof(hostile, fc.string({ maxLength: 6 })), { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
  fc.constantFrom('/api/call', '/api/upload?name=%c0', '/api/download?id=%ZZ', '/api/events', 'http://[::1/', '*', '//x', 'http://127.0.0.1/%'),
);
const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'BREW', 'G ET', '');
const headerValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('127.0.0.1:1', 'localhost', '', 'application/json', 'websocket', 'Upgrade', 'token.x'));
const headers = fc.dictionary(fc.constantFrom('Host', 'Origin', 'Content-Type', 'Content-Length', 'x-qunzhu-token', 'Upgrade', 'Connection', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Key', 'Transfer-Encoding', 'X-Junk'), headerValue, { maxKeys: 6 });
const body = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.json(), fc.constantFrom('{"method":"groups.list"', '{"method":1}', '[]', 'null', '{"method":"groups.create","params":{"input":{}}}'));

describe('qunzhu serve under hostile requests', () => {
  it('survives every request fast-check makes, and still answers the contract after', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(method, target, headers, body, fc.boolean(), async (m, p, h, b, withHost) => {
        const lines = [`${m} ${p} HTTP/1.1`];
        if (withHost) lines.push(`Host: 127.0.0.1:${port}`);
        for (const [k, v] of Object.entries(h)) lines.push(`${k}: ${v}`);
        await send(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${b}`, 'utf8'));
        sent++;
        expect(child.exitCode, stderr).toBeNull();
      }),
      { numRuns: 400 },
    );
    const res = await fetch(`http://127.0.0.1:${port}/api/call`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-qunzhu-token': token }, body: JSON.stringify({ method: 'groups.list', params: {} }) });
    expect(await res.json()).toEqual({ ok: true, value: [] });
    expect(child.exitCode).toBeNull();
    process.stdout.write(`bridge fuzz: ${sent} hostile requests to qunzhu serve; still serving\n`);
  }, 120_000);
});

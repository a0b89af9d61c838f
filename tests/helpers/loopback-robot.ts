/**
 * A loopback stand-in for the three robot webhooks (node:http on 127.0.0.1, port 0). It checks what
 * the real platforms check (known key/token, DingTalk and Feishu signatures via the Python oracle,
 * timestamp within an hour, body shape, per-robot rate limits) and answers with their real replies.
 * Tests can script the next replies (HTTP errors, dropped connections, silence) and read back every
 * request with its arrival time on the injected clock.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { maxInWindow } from './fake-time';

// ---------------------------------------------------------------------------------------------
// Python signature oracle
// ---------------------------------------------------------------------------------------------

interface OracleReply {
  id: number;
  sign?: string;
  sign_urlencoded?: string;
  error?: string;
}

export class SignOracle {
  private seq = 0;
  private readonly waiting = new Map<number, (r: OracleReply) => void>();
  private exited: string | null = null;

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const r = JSON.parse(line) as OracleReply;
      this.waiting.get(r.id)?.(r);
      this.waiting.delete(r.id);
    });
    proc.on('exit', (code) => {
      this.exited = `python3 sign oracle exited (${code})`;
      for (const w of this.waiting.values()) w({ id: -1, error: this.exited });
      this.waiting.clear();
    });
  }

  static async start(): Promise<SignOracle> {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sign-oracle.py');
    const proc = spawn('python3', [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      proc.once('spawn', () => resolve());
      proc.once('error', (e) => reject(new Error(`these tests need python3 on PATH to check signatures independently: ${e.message}`)));
    });
    return new SignOracle(proc);
  }

  private ask(req: Record<string, unknown>): Promise<OracleReply> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.proc.stdin.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  }

  /** DingTalk: the sign exactly as it must appear in the query string. */
  async dingtalk(secret: string, timestamp: string): Promise<{ sign: string; urlencoded: string }> {
    const r = await this.ask({ scheme: 'dingtalk', secret, timestamp });
    if (r.error || r.sign === undefined || r.sign_urlencoded === undefined) throw new Error(`oracle: ${r.error}`);
    return { sign: r.sign, urlencoded: r.sign_urlencoded };
  }

  async feishu(secret: string, timestamp: string): Promise<string> {
    const r = await this.ask({ scheme: 'feishu', secret, timestamp });
    if (r.error || r.sign === undefined) throw new Error(`oracle: ${r.error}`);
    return r.sign;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.stdin.end();
    await done;
  }
}

// ---------------------------------------------------------------------------------------------
// Loopback receiver
// ---------------------------------------------------------------------------------------------

export type Platform = 'wecom' | 'dingtalk' | 'feishu';

export interface Received {
  platform: Platform;
  /** Robot the request addressed (key / access token / hook token). */
  robot: string;
  /** Arrival time on the injected clock. */
  at: number;
  /** Path and query exactly as sent on the wire. */
  rawUrl: string;
  rawBody: string;
  body: unknown;
  /** DingTalk/Feishu with signing: whether the oracle agreed with the signature. */
  signatureOk?: boolean;
  /** What the receiver answered with (scripted or platform logic). */
  answer: string;
  /** A WeCom image message that passed the checks: the picture's bytes as decoded, and their md5. */
  image?: { bytes: Buffer; md5: string };
}

/** A scripted answer for the next request, consumed in order before any platform logic runs. */
export type Scripted =
  | { kind: 'reply'; status: number; headers?: Record<string, string>; body: string }
  /** Read the whole request, then drop the TCP connection without answering. */
  | { kind: 'reset' }
  /** Read the whole request and never answer. */
  | { kind: 'hang' }
  /** Answer with the platform's error shape, quoting the request URL and body back (as some proxies do). */
  | { kind: 'echo-error' };

export interface RobotSetup {
  wecom?: { key: string }[];
  dingtalk?: { accessToken: string; secret: string }[];
  feishu?: { token: string; secret?: string }[];
}

const HOUR_MS = 3_600_000;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Scripted => ({
  kind: 'reply',
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const REPLIES = {
  wecomOk: { errcode: 0, errmsg: 'ok' },
  wecomInvalidKey: { errcode: 93000, errmsg: 'invalid webhook url, hint: [1762776000_1_abc], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000' },
  wecomFreq: { errcode: 45009, errmsg: 'api freq out of limit, hint: [1762776000_2_abc]' },
  wecomBadType: { errcode: 40008, errmsg: 'invalid message type' },
  /** What this receiver answers for an image message whose base64, md5, size or format is wrong. */
  wecomBadImage: { errcode: 40009, errmsg: 'invalid image size or md5, hint: [1762776000_3_abc]' },
  dingOk: { errcode: 0, errmsg: 'ok' },
  dingSign: { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
  dingTimestamp: { errcode: 310000, errmsg: 'invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
  dingKeyword: { errcode: 310000, errmsg: 'keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
  dingToken: { errcode: 300005, errmsg: 'token is not exist' },
  dingTooFast: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' },
  dingBadType: { errcode: 400105, errmsg: '不支持的消息类型' },
  feishuOk: { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' },
  feishuToken: { code: 19001, data: {}, msg: 'param invalid: incoming webhook access token invalid' },
  feishuSign: { code: 19021, data: {}, msg: 'sign match fail or timestamp is not within one hour from current time' },
  feishuBadRequest: { code: 9499, data: {}, msg: 'Bad Request' },
  feishuFreq: { code: 11232, data: {}, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]' },
} as const;

/** The receiver's own view of each platform's limits, applied per robot to arrival times. */
const LIMITS: Record<Platform, { max: number; windowMs: number }[]> = {
  wecom: [{ max: 20, windowMs: 60_000 }],
  dingtalk: [{ max: 20, windowMs: 60_000 }],
  feishu: [
    { max: 100, windowMs: 60_000 },
    { max: 5, windowMs: 1_000 },
  ],
};

function splitRawQuery(rawUrl: string): Map<string, string> {
  const q = new Map<string, string>();
  const i = rawUrl.indexOf('?');
  if (i < 0) return q;
  for (const part of rawUrl.slice(i + 1).split('&')) {
    const eq = part.indexOf('=');
    q.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? '' : part.slice(eq + 1));
  }
  return q;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export class LoopbackRobot {
  readonly received: Received[] = [];
  /** Requests the receiver had to refuse for exceeding a limit: a correct queue keeps this at zero. */
  readonly overLimit: Received[] = [];
  readonly script: Scripted[] = [];
  /** A scripted answer for the n-th request (1-based), whenever it arrives: no race with the sender. */
  readonly scriptAt = new Map<number, Scripted>();
  private readonly arrivals = new Map<string, number[]>();
  private readonly dingLockedUntil = new Map<string, number>();
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
    private readonly setup: RobotSetup,
    private readonly oracle: SignOracle,
    private readonly clock: { now(): number },
  ) {}

  static async start(setup: RobotSetup, oracle: SignOracle, clock: { now(): number }): Promise<LoopbackRobot> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const robot = new LoopbackRobot(server, `http://127.0.0.1:${port}`, setup, oracle, clock);
    server.on('request', (req, res) => void robot.handle(req, res));
    server.on('connection', (s) => {
      robot.sockets.add(s);
      s.on('close', () => robot.sockets.delete(s));
    });
    return robot;
  }

  /** Arrival times per robot on the injected clock. */
  arrivalsOf(robot: string): number[] {
    return [...(this.arrivals.get(robot) ?? [])];
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const rawUrl = req.url ?? '';
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const pathname = rawUrl.split('?')[0] ?? '';
    const platform: Platform | null = pathname === '/cgi-bin/webhook/send' ? 'wecom' : pathname === '/robot/send' ? 'dingtalk' : pathname.startsWith('/open-apis/bot/v2/hook/') ? 'feishu' : null;
    const entry: Received = { platform: platform ?? 'wecom', robot: '', at: this.clock.now(), rawUrl, rawBody, body, answer: '' };
    this.received.push(entry);

    const scripted = this.scriptAt.get(this.received.length) ?? this.script.shift();
    if (scripted) return this.play(scripted, entry, req, res);
    if (!platform || req.method !== 'POST') return this.send(res, entry, json(404, { error: 'not found' }));

    const reply = platform === 'wecom' ? this.wecom(entry) : platform === 'dingtalk' ? await this.dingtalk(entry) : await this.feishu(entry);
    this.send(res, entry, reply);
  }

  private play(s: Scripted, entry: Received, req: http.IncomingMessage, res: http.ServerResponse): void {
    entry.answer = s.kind;
    if (s.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (s.kind === 'hang') return;
    if (s.kind === 'echo-error') {
      const quoted = `request ${entry.rawUrl} body ${entry.rawBody}`;
      const reply =
        entry.platform === 'feishu' ? { code: 19001, data: {}, msg: `param invalid: ${quoted}` } : entry.platform === 'dingtalk' ? { errcode: 300005, errmsg: `token is not exist: ${quoted}` } : { errcode: 93000, errmsg: `invalid webhook url: ${quoted}` };
      this.send(res, entry, json(200, reply));
      return;
    }
    this.send(res, entry, s);
  }

  private send(res: http.ServerResponse, entry: Received, r: Scripted): void {
    if (r.kind !== 'reply') throw new Error('send() takes replies only');
    if (!entry.answer) entry.answer = r.body;
    res.writeHead(r.status, r.headers ?? {});
    res.end(r.body);
  }

  /** Records the arrival and reports whether it breaks one of the platform's limits. */
  private arrive(platform: Platform, robot: string, entry: Received): boolean {
    const list = this.arrivals.get(robot) ?? [];
    list.push(entry.at);
    this.arrivals.set(robot, list);
    const over = LIMITS[platform].some((l) => maxInWindow(list, l.windowMs) > l.max);
    if (over) this.overLimit.push(entry);
    return over;
  }

  private wecom(entry: Received): Scripted {
    const key = decodeURIComponent(splitRawQuery(entry.rawUrl).get('key') ?? '');
    entry.robot = key;
    if (!this.setup.wecom?.some((r) => r.key === key)) return json(200, REPLIES.wecomInvalidKey);
    if (this.arrive('wecom', key, entry)) return json(200, REPLIES.wecomFreq);
    const b = entry.body;
    if (!isObj(b)) return json(200, { errcode: 40035, errmsg: 'invalid parameter, hint: body is not json' });
    if (b.msgtype === 'text' && isObj(b.text) && nonEmptyString(b.text.content)) return json(200, REPLIES.wecomOk);
    if (b.msgtype === 'markdown' && isObj(b.markdown) && nonEmptyString(b.markdown.content)) return json(200, REPLIES.wecomOk);
    if (b.msgtype === 'image' && isObj(b.image)) {
      const image = checkWecomImage(b.image);
      if (!image) return json(200, REPLIES.wecomBadImage);
      entry.image = image;
      return json(200, REPLIES.wecomOk);
    }
    return json(200, REPLIES.wecomBadType);
  }

  private async dingtalk(entry: Received): Promise<Scripted> {
    const q = splitRawQuery(entry.rawUrl);
    const token = decodeURIComponent(q.get('access_token') ?? '');
    entry.robot = token;
    const robot = this.setup.dingtalk?.find((r) => r.accessToken === token);
    if (!robot) return json(200, REPLIES.dingToken);
    const timestamp = q.get('timestamp') ?? '';
    if (!/^\d{13}$/.test(timestamp) || Math.abs(Number(timestamp) - this.clock.now()) > HOUR_MS) return json(200, REPLIES.dingTimestamp);
    // Compared on the wire: the sign must arrive URL-encoded exactly as the recipe says.
    const expected = await this.oracle.dingtalk(robot.secret, timestamp);
    entry.signatureOk = q.get('sign') === expected.urlencoded;
    if (!entry.signatureOk) return json(200, REPLIES.dingSign);
    if ((this.dingLockedUntil.get(token) ?? -Infinity) > entry.at) return json(200, REPLIES.dingTooFast);
    if (this.arrive('dingtalk', token, entry)) {
      this.dingLockedUntil.set(token, entry.at + 10 * 60_000);
      return json(200, REPLIES.dingTooFast);
    }
    const b = entry.body;
    if (!isObj(b)) return json(200, { errcode: 40035, errmsg: '缺少参数 json' });
    if (b.msgtype === 'text' && isObj(b.text) && nonEmptyString(b.text.content)) return json(200, REPLIES.dingOk);
    if (b.msgtype === 'markdown' && isObj(b.markdown) && nonEmptyString(b.markdown.title) && nonEmptyString(b.markdown.text)) return json(200, REPLIES.dingOk);
    return json(200, REPLIES.dingBadType);
  }

  private async feishu(entry: Received): Promise<Scripted> {
    const token = decodeURIComponent(entry.rawUrl.split('?')[0]!.slice('/open-apis/bot/v2/hook/'.length));
    entry.robot = token;
    const robot = this.setup.feishu?.find((r) => r.token === token);
    if (!robot) return json(200, REPLIES.feishuToken);
    const b = entry.body;
    if (!isObj(b)) return json(200, REPLIES.feishuBadRequest);
    if (robot.secret) {
      const ts = typeof b.timestamp === 'string' || typeof b.timestamp === 'number' ? String(b.timestamp) : '';
      const fresh = /^\d{10}$/.test(ts) && Math.abs(Number(ts) * 1000 - this.clock.now()) <= HOUR_MS;
      entry.signatureOk = fresh && b.sign === (await this.oracle.feishu(robot.secret, ts));
      if (!entry.signatureOk) return json(200, REPLIES.feishuSign);
    }
    if (this.arrive('feishu', token, entry)) return json(200, REPLIES.feishuFreq);
    const c = b.content;
    if (b.msg_type === 'text' && isObj(c) && nonEmptyString(c.text)) return json(200, REPLIES.feishuOk);
    if (b.msg_type === 'post' && isObj(c) && isObj(c.post) && isObj(c.post.zh_cn) && Array.isArray(c.post.zh_cn.content)) return json(200, REPLIES.feishuOk);
    return json(200, REPLIES.feishuBadRequest);
  }
}

export { json as jsonReply };

/**
 * WeCom's image message as the robot guide states it: `base64` is the picture in standard base64,
 * `md5` the md5 (hex) of the picture before base64, and the picture a JPG or PNG of at most 2 MB
 * before base64. Decoded here independently of the sender: null when anything is off.
 */
export function checkWecomImage(image: Record<string, unknown>): { bytes: Buffer; md5: string } | null {
  const { base64, md5 } = image;
  if (typeof base64 !== 'string' || typeof md5 !== 'string' || base64.length === 0) return null;
  // Strict: only the base64 alphabet with correct padding (Buffer.from would skip junk silently).
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return null;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0 || bytes.length > 2 * 1024 * 1024) return null;
  if (crypto.createHash('md5').update(bytes).digest('hex') !== md5.toLowerCase()) return null;
  const png = bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return png || jpg ? { bytes, md5 } : null;
}

/**
 * One test file's set-up: a signature oracle for the file and a fresh loopback platform per test
 * (`setup()` and `clock()` are read in each test's beforeEach, after any registered before this).
 * Read `.robot` inside the tests.
 */
export function loopbackPerTest(setup: () => RobotSetup, clock: () => { now(): number } = () => ({ now: () => Date.now() })): { readonly robot: LoopbackRobot; readonly oracle: SignOracle } {
  const s = { robot: null as unknown as LoopbackRobot, oracle: null as unknown as SignOracle };
  beforeAll(async () => {
    s.oracle = await SignOracle.start();
  });
  afterAll(async () => {
    await s.oracle.close();
  });
  beforeEach(async () => {
    s.robot = await LoopbackRobot.start(setup(), s.oracle, clock());
  });
  afterEach(async () => {
    await s.robot.close();
  });
  return s;
}

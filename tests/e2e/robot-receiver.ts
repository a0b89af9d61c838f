import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  body: string;
  /** A WeCom image message that passed the checks below: the md5 and size of the decoded picture. */
  image?: { md5: string; size: number };
}

export interface Receiver {
  baseUrl: string;
  received: Received[];
  /** Answers nothing until release(), so a test can see the page while a send is under way. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

/** The success reply each platform gives on its send path (formats.md); anything else is a 404. */
function okReply(path: string): unknown {
  if (path === '/cgi-bin/webhook/send') return { errcode: 0, errmsg: 'ok' }; // WeCom
  if (path === '/robot/send') return { errcode: 0, errmsg: 'ok' }; // DingTalk
  if (path.startsWith('/open-apis/bot/v2/hook/')) return { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }; // Feishu
  return null;
}

/**
 * WeCom's image message as documented: base64 of a JPG or PNG of at most 2 MB, and the md5 of the
 * bytes before base64. Decoded here on its own; null when any of it is off.
 */
function checkImage(body: string): { md5: string; size: number } | null {
  let image: { base64?: unknown; md5?: unknown };
  try {
    image = (JSON.parse(body) as { image?: typeof image }).image ?? {};
  } catch {
    return null;
  }
  if (typeof image.base64 !== 'string' || typeof image.md5 !== 'string' || image.base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(image.base64)) return null;
  const bytes = Buffer.from(image.base64, 'base64');
  const md5 = crypto.createHash('md5').update(bytes).digest('hex');
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return md5 === image.md5 && bytes.length <= 2 * 1024 * 1024 && (png || jpg) ? { md5, size: bytes.length } : null;
}

/**
 * A stand-in for the three robot webhooks on this machine, for browser tests: answers each
 * platform's "ok" on its send path and records every request. (Signatures are checked against an
 * independent implementation in the unit tests, tests/helpers/loopback-robot.ts.)
 */
export async function startRobotReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let holding = false;
  const held: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Received = { method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      let ok = req.method === 'POST' ? okReply(path) : null;
      const status = ok ? 200 : 404;
      // A WeCom image message must decode to a picture with its md5; anything else is refused as WeCom would (HTTP 200, an errcode).
      if (ok && path === '/cgi-bin/webhook/send' && entry.body.includes('"msgtype":"image"')) {
        const image = checkImage(entry.body);
        if (image) entry.image = image;
        else ok = { errcode: 40009, errmsg: 'invalid image' };
      }
      const answer = () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ?? { errcode: 404, errmsg: 'not found' }));
      };
      if (holding) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const answer of held.splice(0)) answer();
        server.close(() => resolve());
      }),
  };
}

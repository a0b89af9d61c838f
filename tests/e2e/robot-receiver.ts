import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  body: string;
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
      received.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      const ok = req.method === 'POST' ? okReply(new URL(req.url ?? '/', 'http://x').pathname) : null;
      const answer = () => {
        res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
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

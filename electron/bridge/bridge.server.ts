/**
 * The loopback bridge: the contract over HTTP (POST /api/call) and WebSocket (/api/events),
 * plus the built renderer as static files, for browser mode and tests.
 * Bound to 127.0.0.1 only. Every API request must carry the per-launch token; Host must be
 * our own loopback address (defeats DNS rebinding) and Origin, when sent, our own origin.
 * A browser started by `serve --open` gets the token through a one-time launch address
 * (/launch/<code>): the opener's command line, which every local user can read, never holds it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Envelope } from '../../shared/errors';
import type { Core } from '../core/create-core';
import { appError, t } from '../core/i18n/messages';
import type { Locale } from '../../shared/domain/enums';
import { contentSecurityPolicy, downloadHeaders } from '../core/web-policy';
import { clearUploads, receiveUpload, UploadTooLarge } from '../core/files/uploads';
import { clearDownloads, downloadFile } from '../core/files/downloads';

export const TOKEN_HEADER = 'x-qunzhu-token';
export const WS_PROTOCOL = 'qunzhu.v1';
const MAX_BODY = 8 * 1024 * 1024;

export interface BridgeOptions {
  core: Core;
  /** Folder with the built renderer (index.html); omitted = API only. */
  staticDir?: string;
  port?: number;
  token?: string;
  locale: () => Locale;
  /** Where dropped files go, and how big they may be (tests make both small). */
  uploads?: { dir?: string; maxBytes?: number };
  /** Where the core writes files to download (exports); tests use their own folder. */
  downloads?: { dir?: string };
  /** How long a launch address stays usable (default 60 s); the clock it is measured on (tests). */
  launch?: { ttlMs?: number; now?: () => number };
}

export interface Bridge {
  url: string;
  /** The URL to open: carries the token for the page to pick up. */
  openUrl: string;
  port: number;
  token: string;
  /**
   * A new address that opens the console once, within `launch.ttlMs`, and then no more: what
   * `serve --open` hands to the system's opener, so the token stays off every command line.
   */
  launchUrl(): string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** The token from `Sec-WebSocket-Protocol: qunzhu.v1, token.<hex>` (browsers cannot set headers on WebSocket). */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  const parts = (header ?? '').split(',').map((s) => s.trim());
  const t = parts.find((p) => p.startsWith('token.'));
  return t?.slice('token.'.length);
}

export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const token = o.token ?? crypto.randomBytes(24).toString('hex');
  let port = 0;
  const uploadOpts = o.uploads ?? {};
  const deny = (res: http.ServerResponse, status: number, env: Envelope<never>) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(env));
  };
  const fail = (code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'BAD_REQUEST', detail = ''): Envelope<never> => ({ ok: false, error: appError(o.locale(), code, { detail }).toDto() });
  const downloadOpts = o.downloads ?? {};
  const launchTtl = o.launch?.ttlMs ?? 60_000;
  const launchNow = o.launch?.now ?? Date.now;
  /** Launch codes not used yet, with the moment each stops working. */
  const launches = new Map<string, number>();

  const server = http.createServer((req, res) => {
    // Any page the user opens can send requests here: whatever one holds, it gets an answer and
    // the server lives on (an exception here would stop browser mode and leave sends uncertain).
    try {
      route(req, res);
    } catch (e) {
      if (!res.headersSent) deny(res, 400, fail('BAD_REQUEST', e instanceof Error ? e.message : 'bad request'));
      else res.destroy();
    }
  });
  // A connection that sends garbage is closed with a 400 by Node; its error is not ours to throw.
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!hostAllowed(req.headers.host, port)) return deny(res, 403, fail('FORBIDDEN'));
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/api/call') return handleCall(req, res);
    if (url.pathname === '/api/upload') return handleUpload(req, res, url);
    if (url.pathname === '/api/download') return handleDownload(req, res, url);
    if (url.pathname.startsWith('/launch/')) return handleLaunch(req, res, url.pathname.slice('/launch/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, fail('BAD_REQUEST', req.method ?? ''));
    return serveStatic(url.pathname, res);
  }

  function handleCall(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!originAllowed(req.headers.origin, port)) return deny(res, 403, fail('FORBIDDEN'));
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || !safeEqual(given, token)) return deny(res, 401, fail('UNAUTHORIZED'));
    if (req.method !== 'POST') return deny(res, 405, fail('BAD_REQUEST', 'POST only'));
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return deny(res, 415, fail('BAD_REQUEST', 'Content-Type: application/json'));
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY && !aborted) {
        aborted = true;
        deny(res, 413, fail('BAD_REQUEST', `> ${MAX_BODY} bytes`));
        req.destroy();
      } else if (!aborted) chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        return deny(res, 400, fail('BAD_REQUEST', (e as Error).message));
      }
      if (typeof body !== 'object' || body === null || typeof (body as { method?: unknown }).method !== 'string') {
        return deny(res, 400, fail('BAD_REQUEST', '{ "method": string, "params": object }'));
      }
      const { method, params } = body as { method: string; params?: unknown };
      void o.core.call(method, params ?? {}).then((env) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(env));
      });
    });
  }

  /**
   * A launch address: the first GET within its time takes the browser to the console with the
   * token (the page keeps it for the tab and takes it out of the address bar); any later one, or
   * a late one, gets a page saying so and nothing else.
   */
  function handleLaunch(req: http.IncomingMessage, res: http.ServerResponse, code: string): void {
    if (req.method !== 'GET') return deny(res, 405, fail('BAD_REQUEST', 'GET only'));
    const until = launches.get(code);
    launches.delete(code);
    if (until === undefined || launchNow() > until) {
      res.writeHead(410, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      return void res.end(`${t(o.locale(), 'bridge.launchUsed')}\n`);
    }
    res.writeHead(303, { location: `/?token=${token}`, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end();
  }

  /** A dropped file, streamed to a private temp folder; answers {path} for imports.start. */
  function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (!originAllowed(req.headers.origin, port)) return deny(res, 403, fail('FORBIDDEN'));
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || !safeEqual(given, token)) return deny(res, 401, fail('UNAUTHORIZED'));
    if (req.method !== 'POST') return deny(res, 405, fail('BAD_REQUEST', 'POST only'));
    const name = url.searchParams.get('name') ?? 'upload';
    receiveUpload(req, name, uploadOpts)
      .then((file) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ ok: true, value: { path: file } }));
      })
      .catch((e: Error) => {
        if (!res.headersSent) deny(res, e instanceof UploadTooLarge ? 413 : 400, fail('BAD_REQUEST', e.message));
        req.destroy();
      });
  }

  /**
   * A file the core wrote for the user (an export), by the id the core returned. The id is
   * checked and resolved by downloads.ts: no path from the request reaches the filesystem.
   */
  function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (!originAllowed(req.headers.origin, port)) return deny(res, 403, fail('FORBIDDEN'));
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || !safeEqual(given, token)) return deny(res, 401, fail('UNAUTHORIZED'));
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, fail('BAD_REQUEST', 'GET only'));
    const id = url.searchParams.get('id') ?? '';
    const notFound = () => {
      const locale = o.locale();
      const what = locale === 'en' ? 'export file' : '导出文件';
      deny(res, 404, { ok: false, error: appError(locale, 'NOT_FOUND', { what, id: id.slice(0, 36) || '-' }).toDto() });
    };
    const file = downloadFile(id, downloadOpts.dir);
    if (!file) return notFound();
    let size: number;
    try {
      size = fs.statSync(file.path).size;
    } catch {
      return notFound();
    }
    res.writeHead(200, downloadHeaders(file.name, size));
    if (req.method === 'HEAD') return void res.end();
    const stream = fs.createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    if (!o.staticDir) return deny(res, 404, fail('BAD_REQUEST', 'no renderer'));
    const root = path.resolve(o.staticDir);
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return deny(res, 400, fail('BAD_REQUEST', 'malformed %-escape in the path'));
    }
    if (rel.includes('\0')) return deny(res, 400, fail('BAD_REQUEST', 'NUL in the path'));
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep)) return deny(res, 403, fail('FORBIDDEN'));
    const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(root, 'index.html');
    const type = MIME[path.extname(target)] ?? 'application/octet-stream';
    const headers: http.OutgoingHttpHeaders = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    fs.createReadStream(target).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false) });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      socket.write('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    socket.on('error', () => socket.destroy());
    const given = tokenFromProtocols(req.headers['sec-websocket-protocol']);
    if (url.pathname !== '/api/events' || !hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port) || !given || !safeEqual(given, token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });
  const unsubscribe = o.core.on((event, payload) => {
    const msg = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}?token=${token}`,
    port,
    token,
    launchUrl: () => {
      const now = launchNow();
      for (const [c, until] of launches) if (until < now) launches.delete(c);
      const code = crypto.randomBytes(32).toString('base64url');
      launches.set(code, now + launchTtl);
      return `${url}launch/${code}`;
    },
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      clearUploads(uploadOpts.dir);
      clearDownloads(downloadOpts.dir);
    },
  };
}

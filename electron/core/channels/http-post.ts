/**
 * One JSON POST over node:http(s) that reports whether the request body had been handed to the
 * network when something went wrong. fetch cannot tell "refused before sending" from "dropped
 * after sending", and that difference decides between a safe retry and an *uncertain* send.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type HttpAttempt =
  | { ok: true; reply: HttpReply }
  /** `written`: the whole request had been flushed to the socket before the failure. */
  | { ok: false; written: boolean; cause: 'timeout' | 'aborted' | 'network'; errno?: string };

export interface PostOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Replies are tiny JSON objects; a huge one is not a platform answer and is cut short. */
  maxReplyBytes?: number;
}

export function postJson(url: URL, json: string, opts: PostOptions): Promise<HttpAttempt> {
  const payload = Buffer.from(json, 'utf8');
  const maxReply = opts.maxReplyBytes ?? 64 * 1024;
  const signal = opts.signal;
  if (signal?.aborted) return Promise.resolve({ ok: false, written: false, cause: 'aborted' });

  return new Promise<HttpAttempt>((resolve) => {
    let settled = false;
    let written = false;
    let cause: 'timeout' | 'aborted' | 'network' = 'network';
    const settle = (r: HttpAttempt): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const fail = (err?: NodeJS.ErrnoException): void => {
      // Only the errno travels on: node's messages can quote the host and, for some errors, the path.
      const errno = err?.code;
      settle(errno === undefined ? { ok: false, written, cause } : { ok: false, written, cause, errno });
    };

    const mod = url.protocol === 'https:' ? https : http;
    // A fresh connection per send: a pooled socket the server already closed would fail after
    // "writing" and turn a harmless refusal into an uncertain send.
    const req = mod.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': payload.length,
        accept: 'application/json',
        connection: 'close',
      },
    });
    const timer = setTimeout(() => {
      cause = 'timeout';
      req.destroy(new Error('timeout'));
    }, opts.timeoutMs);
    const onAbort = (): void => {
      cause = 'aborted';
      req.destroy(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    req.on('finish', () => {
      written = true;
    });
    req.on('error', fail);
    let answered = false;
    // The response path settles on its own; 'close' only matters when no response ever came.
    req.on('close', () => {
      if (!answered) fail();
    });
    req.on('response', (res) => {
      answered = true;
      written = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size >= maxReply) return;
        chunks.push(c);
        size += c.length;
      });
      res.on('end', () => settle({ ok: true, reply: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8').slice(0, maxReply) } }));
      res.on('error', fail);
      res.on('close', () => {
        if (!res.complete) fail();
      });
    });
    req.end(payload);
  });
}

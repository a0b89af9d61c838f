/**
 * What the three robot webhooks share: how HTTP status, network failures and Retry-After turn into
 * a SendOutcome. Each platform file only builds its request and reads its own JSON error codes.
 */
import { failed, retry, uncertain, type SendOutcome } from './channel';
import { postJson, type HttpReply } from './http-post';

export interface Clock {
  now(): number;
}

export interface WebhookOptions {
  /** Scheme, host and optional path prefix; tests point it at 127.0.0.1. */
  baseUrl?: string;
  /** Source of signing timestamps and Retry-After dates. */
  clock?: Clock;
  /** Whole request, connect to last reply byte. */
  timeoutMs?: number;
  /** Wait after a 5xx or a network failure when the platform gives no Retry-After. */
  transientRetryMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_TRANSIENT_RETRY_MS = 10_000;

export interface ReplyContext {
  /** Wait for transient platform trouble (busy, 5xx-like codes). */
  transientRetryMs: number;
}

export interface WebhookPlatform {
  /** Human name for reason texts. */
  name: string;
  /** Everything that must be masked in reason texts. */
  secrets: readonly string[];
  /** Wait after HTTP 429 without a Retry-After header. */
  rateLimitedRetryMs: number;
  /** A platform-specific hint for how long to wait (e.g. Feishu's x-ogw-ratelimit-reset), in ms. */
  retryHint?(reply: HttpReply): number | null;
  /** Reads the platform's JSON answer; null when it is not a shape this platform answers with. */
  interpret(json: Record<string, unknown>, reply: HttpReply, ctx: ReplyContext): SendOutcome | null;
}

function header(reply: HttpReply, name: string): string | undefined {
  const v = reply.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Seconds-valued header (e.g. x-ogw-ratelimit-reset) in ms. */
export function secondsHeader(reply: HttpReply, name: string): number | null {
  const v = header(reply, name)?.trim();
  return v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Math.ceil(Number(v) * 1000) : null;
}

export function joinUrl(baseUrl: string, pathAndQuery: string): URL {
  return new URL(baseUrl.replace(/\/+$/, '') + pathAndQuery);
}

export async function deliver(p: WebhookPlatform, url: URL, body: string, opts: WebhookOptions, signal?: AbortSignal): Promise<SendOutcome> {
  const now = () => (opts.clock ?? { now: Date.now }).now();
  const transientMs = opts.transientRetryMs ?? DEFAULT_TRANSIENT_RETRY_MS;
  const attempt = await postJson(url, body, { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal });

  if (!attempt.ok) {
    const errno = attempt.errno ? ` (${attempt.errno})` : '';
    if (!attempt.written) {
      if (attempt.cause === 'aborted') return retry(0, 'aborted', `send to ${p.name} cancelled before the request went out`);
      if (attempt.cause === 'timeout') return retry(transientMs, 'timeout', `${p.name} did not accept the request in time; nothing was sent`);
      return retry(transientMs, 'network_error', `could not reach ${p.name}${errno}; nothing was sent`);
    }
    if (attempt.cause === 'aborted') return uncertain('aborted', `send to ${p.name} cancelled after the request went out`);
    if (attempt.cause === 'timeout') return uncertain('timeout', `${p.name} did not answer in time after receiving the message`);
    return uncertain('connection_lost', `connection to ${p.name} dropped after the message was sent${errno}`);
  }

  const reply = attempt.reply;
  if (reply.status === 429) {
    const ms = parseRetryAfter(header(reply, 'retry-after'), now()) ?? p.retryHint?.(reply) ?? p.rateLimitedRetryMs;
    return retry(ms, 'rate_limited', `${p.name} rate limit reached (HTTP 429)`);
  }
  if (reply.status >= 500) {
    const ms = parseRetryAfter(header(reply, 'retry-after'), now()) ?? transientMs;
    return retry(ms, 'server_error', `${p.name} server error (HTTP ${reply.status})`);
  }

  let json: unknown;
  try {
    json = JSON.parse(reply.body);
  } catch {
    json = undefined;
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const verdict = p.interpret(json as Record<string, unknown>, reply, { transientRetryMs: transientMs });
    if (verdict) return verdict;
  }
  if (reply.status >= 200 && reply.status < 300) {
    // The platform took the request and answered, but not in a way we can read: it may have posted.
    return uncertain('unreadable_reply', `${p.name} answered HTTP ${reply.status} with an unrecognised reply`);
  }
  // 408: the server gave up reading the request, so it cannot have acted on it.
  if (reply.status === 408) return retry(transientMs, 'timeout', `${p.name} timed out reading the request (HTTP 408)`);
  return failed('rejected', `${p.name} refused the request (HTTP ${reply.status})`, reply.status);
}

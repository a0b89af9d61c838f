/**
 * Feishu / Lark (飞书) custom robot: POST {base}/open-apis/bot/v2/hook/TOKEN. With 签名校验 on, the
 * JSON body carries `timestamp` (seconds) and sign = base64(HMAC-SHA256(key = timestamp + "\n" +
 * secret, msg = "")): the key/message order is the reverse of DingTalk's.
 *
 * Sources: the custom robot guide (open.feishu.cn / open.larkoffice.com "自定义机器人使用指南": 100
 * requests/min and 5/s per robot, 11232 when throttled, body ≤ 20 KB, 9499 Bad Request, 19021 sign
 * match fail, 19022 Ip Not Allowed, 19024 Key Words Not Found), the rate limit guide (HTTP 429 or
 * 400 with code 99991400 and an x-ogw-ratelimit-reset header in seconds) and replies from the live
 * endpoint quoted in public client code (19001 "param invalid: incoming webhook access token invalid").
 */
import { createHmac } from 'node:crypto';
import { failed, retry, sent, utf8Length, type Delivery, type OutgoingMessage, type RateLimit, type SendingChannel, type SendOutcome, type SizeCheck } from './channel';
import { markdownToPlain } from './markdown-plain';
import type { HttpReply } from './http-post';
import { cleanPlatformText, maskSecret } from './mask-secret';
import { deliver, joinUrl, secondsHeader, type Clock, type WebhookOptions, type WebhookPlatform } from './webhook-send';

export const FEISHU_DEFAULT_BASE_URL = 'https://open.feishu.cn';
export const FEISHU_LIMITS: RateLimit[] = [
  { max: 100, windowMs: 60_000 },
  { max: 5, windowMs: 1_000 },
];
const MAX_BODY_BYTES = 20 * 1024;
/** Advisory: the hard check is on the encoded body, which adds the JSON envelope and escapes. */
const MAX_TEXT_BYTES = 18_000;
const RATE_LIMITED_RETRY_MS = 60_000;

export const FEISHU_ERR = {
  OK: 0,
  BAD_REQUEST: 9499,
  TOKEN_INVALID: 19001,
  SIGN_MISMATCH: 19021,
  IP_NOT_ALLOWED: 19022,
  KEYWORDS_NOT_FOUND: 19024,
  FREQUENCY_LIMITED: 11232,
  GATEWAY_FREQUENCY_LIMIT: 99991400,
} as const;

export interface FeishuRobotConfig {
  token: string;
  secret?: string | undefined;
}

/** base64(HMAC-SHA256(key = `${timestampSeconds}\n${secret}`, msg = "")). */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

type PostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

/**
 * Feishu's `post` is not markdown: it has lines, text and links. This turns [label](http…) links
 * into link elements; other links stay plain text so an untrusted message cannot smuggle in a
 * javascript: href.
 */
export function markdownToPostLines(text: string): PostElement[][] {
  const link = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;
  return text.split('\n').map((line) => {
    const out: PostElement[] = [];
    let last = 0;
    for (const m of line.matchAll(link)) {
      if (m.index > last) out.push({ tag: 'text', text: line.slice(last, m.index) });
      out.push({ tag: 'a', text: m[1] ?? '', href: m[2] ?? '' });
      last = m.index + m[0].length;
    }
    if (last < line.length || out.length === 0) out.push({ tag: 'text', text: line.slice(last) });
    return out;
  });
}

/**
 * What the robot posts for this message: the preview and send() both come from here. Markdown
 * becomes a post whose lines are the plain text (headings and bold markers would show as they
 * are typed), http(s) links kept as link elements.
 */
export function feishuDelivery(msg: OutgoingMessage): Delivery {
  if (msg.format === 'markdown') return { format: 'post', ...(msg.title ? { title: msg.title } : {}), content: markdownToPlain(msg.text, { keepLinks: true }) };
  return { format: 'text', content: msg.title ? `${msg.title}\n${msg.text}` : msg.text };
}

export function feishuBody(d: Delivery, signing?: { timestamp: number; sign: string }): string {
  const head = signing ? { timestamp: String(signing.timestamp), sign: signing.sign } : {};
  if (d.format === 'post') {
    return JSON.stringify({ ...head, msg_type: 'post', content: { post: { zh_cn: { title: d.title ?? '', content: markdownToPostLines(d.content) } } } });
  }
  return JSON.stringify({ ...head, msg_type: 'text', content: { text: d.content } });
}

/** The longest signing fields there are (a 10-digit timestamp, a base64 SHA-256): a preview never under-counts. */
const PREVIEW_SIGNING = { timestamp: 9_999_999_999, sign: 'x'.repeat(44) };

/** Feishu caps the whole request body, envelope and escapes included, so that is what is measured. */
export function feishuSize(d: Delivery): SizeCheck {
  return { limit: MAX_BODY_BYTES, actual: utf8Length(feishuBody(d, PREVIEW_SIGNING)), unit: 'bytes' };
}

function feishuRetryHint(reply: HttpReply): number | null {
  return secondsHeader(reply, 'x-ogw-ratelimit-reset');
}

export function interpretFeishuReply(json: Record<string, unknown>, reply: HttpReply, secrets: readonly string[]): SendOutcome | null {
  // Older replies carry only the StatusCode/StatusMessage pair that Feishu still mirrors today.
  const code = typeof json.code === 'number' ? json.code : typeof json.StatusCode === 'number' ? json.StatusCode : undefined;
  if (code === undefined) return null;
  const detail = cleanPlatformText(json.msg ?? json.StatusMessage, secrets);
  const says = (what: string) => `Feishu ${what} (code ${code}${detail ? `: ${detail}` : ''})`;
  switch (code) {
    case FEISHU_ERR.OK:
      return sent();
    case FEISHU_ERR.FREQUENCY_LIMITED:
    case FEISHU_ERR.GATEWAY_FREQUENCY_LIMIT:
      return retry(feishuRetryHint(reply) ?? RATE_LIMITED_RETRY_MS, 'rate_limited', says('throttled the robot'));
    case FEISHU_ERR.TOKEN_INVALID:
      return failed('invalid_credentials', says('does not know this webhook token, or the robot was removed'), code);
    case FEISHU_ERR.SIGN_MISMATCH:
      return failed('bad_signature', says('rejected the signature: check the signing secret and the computer clock'), code);
    case FEISHU_ERR.IP_NOT_ALLOWED:
      return failed('ip_not_allowed', says('only accepts this robot from whitelisted IP addresses'), code);
    case FEISHU_ERR.KEYWORDS_NOT_FOUND:
      return failed('keyword_missing', says('requires one of the robot keywords in every message'), code);
    case FEISHU_ERR.BAD_REQUEST:
      return failed('invalid_message', says('rejected the message body'), code);
    default:
      return failed('rejected', says('refused the message'), code);
  }
}

export function createFeishuRobot(config: FeishuRobotConfig, opts: WebhookOptions = {}): SendingChannel {
  const clock: Clock = opts.clock ?? { now: Date.now };
  const baseUrl = opts.baseUrl ?? FEISHU_DEFAULT_BASE_URL;
  const sendDelivery = async (d: Delivery, signal?: AbortSignal): Promise<SendOutcome> => {
    if (d.format === 'markdown') return failed('invalid_message', 'Feishu robots take text or a post, not markdown');
    let signing: { timestamp: number; sign: string } | undefined;
    if (config.secret) {
      // Feishu refuses a timestamp more than an hour from its own clock.
      const timestamp = Math.floor(clock.now() / 1000);
      signing = { timestamp, sign: feishuSign(config.secret, timestamp) };
    }
    const body = feishuBody(d, signing);
    const bytes = utf8Length(body);
    if (bytes > MAX_BODY_BYTES) return failed('too_long', `request body is ${bytes} bytes; Feishu allows ${MAX_BODY_BYTES}`);
    const secrets = [config.token, config.secret ?? '', signing?.sign ?? ''];
    const platform: WebhookPlatform = {
      name: 'Feishu',
      secrets,
      rateLimitedRetryMs: RATE_LIMITED_RETRY_MS,
      retryHint: feishuRetryHint,
      interpret: (json, reply) => interpretFeishuReply(json, reply, secrets),
    };
    return deliver(platform, joinUrl(baseUrl, `/open-apis/bot/v2/hook/${encodeURIComponent(config.token)}`), body, opts, signal);
  };
  return {
    kind: 'feishu-robot',
    label: `Feishu robot ${maskSecret(config.token)}`,
    capabilities: { formats: ['text', 'markdown'], maxLength: MAX_TEXT_BYTES, images: false },
    limits: FEISHU_LIMITS,
    send: (msg, signal) => sendDelivery(feishuDelivery(msg), signal),
    sendDelivery,
  };
}

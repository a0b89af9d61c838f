/**
 * DingTalk (钉钉) custom robot with 加签 signing: POST {base}/robot/send?access_token=T&timestamp=MS&sign=S
 * where S = urlencode(base64(HMAC-SHA256(key = secret, msg = timestamp + "\n" + secret))).
 * Note the key/message order: Feishu uses the opposite one.
 *
 * Sources: the custom robot guide on open.dingtalk.com (20 messages/min per robot, then throttled
 * for 10 minutes; signing recipe; timestamp within one hour), its error code table (400xxx/410100/
 * 430xxx) and replies seen from the live endpoint and quoted in public client code (130101 "send
 * too fast, exceed 20 times per minute", 310000 "sign not match" / "keywords not in content" /
 * "ip not in whitelist", 300001 and 300005 "token is not exist", 660026 "sending too many messages
 * per minute").
 */
import { createHmac } from 'node:crypto';
import { failed, retry, sent, utf8Length, type Delivery, type OutgoingMessage, type RateLimit, type SendingChannel, type SendOutcome, type SizeCheck } from './channel';
import { cleanPlatformText, maskSecret } from './mask-secret';
import { deliver, joinUrl, type Clock, type ReplyContext, type WebhookOptions, type WebhookPlatform } from './webhook-send';

export const DINGTALK_DEFAULT_BASE_URL = 'https://oapi.dingtalk.com';
export const DINGTALK_LIMITS: RateLimit[] = [{ max: 20, windowMs: 60_000 }];
/** Over the limit, DingTalk throttles the robot for ten minutes: sending sooner only extends the pain. */
export const DINGTALK_LOCK_MS = 10 * 60_000;
/** DingTalk publishes no hard cap for custom robot text; about 20 000 bytes is the reported ceiling. */
const MAX_BYTES = 20_000;
const TITLE_MAX_CHARS = 64;

export const DINGTALK_ERR = {
  OK: 0,
  BUSY: -1,
  SEND_TOO_FAST: 130101,
  RATE_LIMITED: 410100,
  TOO_MANY_PER_MINUTE: 660026,
  /** Security settings refused the message: signature, keyword or IP whitelist (errmsg tells which). */
  SECURITY: 310000,
  TOKEN_NOT_EXIST_OLD: 300001,
  TOKEN_NOT_EXIST: 300005,
  ACCESS_TOKEN_NOT_EXIST: 400101,
  ROBOT_DISABLED: 400102,
  ROBOT_NOT_EXIST: 400106,
  GROUP_DISSOLVED: 400013,
  UNSUPPORTED_MSGTYPE: 400105,
  MISSING_PARAM: 40035,
  UNSAFE_LINK: 430101,
  UNSUITABLE_TEXT: 430102,
  UNSUITABLE_IMAGE: 430103,
  UNSUITABLE_CONTENT: 430104,
} as const;

export interface DingtalkRobotConfig {
  accessToken: string;
  secret: string;
}

/** base64(HMAC-SHA256(key = secret, msg = `${timestampMs}\n${secret}`)), before URL encoding. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function dingtalkUrl(baseUrl: string, config: DingtalkRobotConfig, timestampMs: number): URL {
  const q = `access_token=${encodeURIComponent(config.accessToken)}&timestamp=${timestampMs}&sign=${encodeURIComponent(dingtalkSign(config.secret, timestampMs))}`;
  return joinUrl(baseUrl, `/robot/send?${q}`);
}

/** DingTalk shows the markdown title only in the chat list preview, so one is made when missing. */
function markdownTitle(msg: OutgoingMessage): string {
  if (msg.title) return msg.title;
  const first = msg.text.split('\n').find((l) => l.trim() !== '') ?? '';
  const plain = first.replace(/^[\s#>*\-+]+/, '').trim();
  return [...plain].slice(0, TITLE_MAX_CHARS).join('') || '…';
}

function dingtalkContent(msg: OutgoingMessage): string {
  if (!msg.title) return msg.text;
  return msg.format === 'markdown' ? `### ${msg.title}\n\n${msg.text}` : `${msg.title}\n${msg.text}`;
}

/** What the robot posts for this message: the preview and send() both come from here. */
export function dingtalkDelivery(msg: OutgoingMessage): Delivery {
  const content = dingtalkContent(msg);
  return msg.format === 'markdown' ? { format: 'markdown', title: markdownTitle(msg), content } : { format: 'text', content };
}

export function dingtalkSize(d: Delivery): SizeCheck {
  return { limit: MAX_BYTES, actual: utf8Length(d.content), unit: 'bytes' };
}

export function dingtalkBody(d: Delivery): string {
  return JSON.stringify(d.format === 'markdown' ? { msgtype: 'markdown', markdown: { title: d.title || '…', text: d.content } } : { msgtype: 'text', text: { content: d.content } });
}

export function interpretDingtalkReply(json: Record<string, unknown>, secrets: readonly string[], ctx: ReplyContext): SendOutcome | null {
  const code = json.errcode;
  if (typeof code !== 'number') return null;
  const detail = cleanPlatformText(json.errmsg, secrets);
  const says = (what: string) => `DingTalk ${what} (errcode ${code}${detail ? `: ${detail}` : ''})`;
  switch (code) {
    case DINGTALK_ERR.OK:
      return sent();
    case DINGTALK_ERR.BUSY:
      return retry(ctx.transientRetryMs, 'server_error', says('is busy'));
    case DINGTALK_ERR.SEND_TOO_FAST:
    case DINGTALK_ERR.RATE_LIMITED:
    case DINGTALK_ERR.TOO_MANY_PER_MINUTE:
      return retry(DINGTALK_LOCK_MS, 'rate_limited', says('throttled the robot for 10 minutes'));
    case DINGTALK_ERR.SECURITY: {
      const msg = typeof json.errmsg === 'string' ? json.errmsg.toLowerCase() : '';
      if (msg.includes('sign') || msg.includes('timestamp')) return failed('bad_signature', says('rejected the signature: check the signing secret and the computer clock'), code);
      if (msg.includes('keyword')) return failed('keyword_missing', says('requires one of the robot keywords in every message'), code);
      if (/\bip\b/.test(msg)) return failed('ip_not_allowed', says('only accepts this robot from whitelisted IP addresses'), code);
      return failed('rejected', says('security settings refused the message'), code);
    }
    case DINGTALK_ERR.TOKEN_NOT_EXIST_OLD:
    case DINGTALK_ERR.TOKEN_NOT_EXIST:
    case DINGTALK_ERR.ACCESS_TOKEN_NOT_EXIST:
      return failed('invalid_credentials', says('does not know this access token'), code);
    case DINGTALK_ERR.ROBOT_DISABLED:
    case DINGTALK_ERR.ROBOT_NOT_EXIST:
    case DINGTALK_ERR.GROUP_DISSOLVED:
      return failed('robot_unavailable', says('robot is disabled, deleted or its group dissolved'), code);
    case DINGTALK_ERR.UNSUPPORTED_MSGTYPE:
    case DINGTALK_ERR.MISSING_PARAM:
      return failed('invalid_message', says('rejected the message body'), code);
    case DINGTALK_ERR.UNSAFE_LINK:
    case DINGTALK_ERR.UNSUITABLE_TEXT:
    case DINGTALK_ERR.UNSUITABLE_IMAGE:
    case DINGTALK_ERR.UNSUITABLE_CONTENT:
      return failed('content_rejected', says('content moderation refused the message'), code);
    default:
      return failed('rejected', says('refused the message'), code);
  }
}

export function createDingtalkRobot(config: DingtalkRobotConfig, opts: WebhookOptions = {}): SendingChannel {
  const clock: Clock = opts.clock ?? { now: Date.now };
  const baseUrl = opts.baseUrl ?? DINGTALK_DEFAULT_BASE_URL;
  const sendDelivery = async (d: Delivery, signal?: AbortSignal): Promise<SendOutcome> => {
    if (d.format === 'post') return failed('invalid_message', 'DingTalk robots take text or markdown, not a Feishu post');
    const size = dingtalkSize(d);
    if (size.actual > size.limit) return failed('too_long', `message is ${size.actual} bytes; DingTalk allows about ${size.limit}`);
    // Signed per request: DingTalk refuses a timestamp more than an hour from its own clock.
    const url = dingtalkUrl(baseUrl, config, Math.floor(clock.now()));
    // A signature works like the secret for an hour, so it is masked like one.
    const secrets = [config.accessToken, config.secret, url.searchParams.get('sign') ?? ''];
    const platform: WebhookPlatform = {
      name: 'DingTalk',
      secrets,
      rateLimitedRetryMs: DINGTALK_LOCK_MS,
      interpret: (json, _reply, ctx) => interpretDingtalkReply(json, secrets, ctx),
    };
    return deliver(platform, url, dingtalkBody(d), opts, signal);
  };
  return {
    kind: 'dingtalk-robot',
    label: `DingTalk robot ${maskSecret(config.accessToken)}`,
    capabilities: { formats: ['text', 'markdown'], maxLength: MAX_BYTES, images: false },
    limits: DINGTALK_LIMITS,
    send: (msg, signal) => sendDelivery(dingtalkDelivery(msg), signal),
    sendDelivery,
  };
}

/**
 * WeCom (企业微信) group robot: POST {base}/cgi-bin/webhook/send?key=KEY. The key is the only
 * credential, so it is masked everywhere it could surface.
 *
 * Sources for the limits and error codes: the robot guide (developer.work.weixin.qq.com/document/
 * path/91770: 20 messages/min per robot, text ≤ 2048 bytes, markdown ≤ 4096 bytes; an image
 * message is `{"msgtype":"image","image":{"base64":…,"md5":…}}`, where md5 is of the picture before
 * base64 and the picture is a JPG or PNG of at most 2M before base64) and the global error code
 * table (…/document/path/90313).
 */
import crypto from 'node:crypto';
import { failed, retry, sent, utf8Length, type Delivery, type OutgoingImage, type OutgoingMessage, type RateLimit, type SendingChannel, type SendOutcome, type SizeCheck } from './channel';
import { cleanPlatformText, maskSecret } from './mask-secret';
import { deliver, joinUrl, type ReplyContext, type WebhookOptions, type WebhookPlatform } from './webhook-send';

export const WECOM_DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com';
export const WECOM_LIMITS: RateLimit[] = [{ max: 20, windowMs: 60_000 }];
const TEXT_MAX_BYTES = 2048;
const MARKDOWN_MAX_BYTES = 4096;
/** The picture before base64. */
export const WECOM_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** WeCom counts a rolling minute; after 45009 the oldest send leaves the window within a minute. */
const RATE_LIMITED_RETRY_MS = 60_000;

export const WECOM_ERR = {
  OK: 0,
  /** 系统繁忙 – "retry later" in the global table. */
  BUSY: -1,
  /** "api freq out of limit": more than 20 messages in a minute. */
  FREQ_LIMIT: 45009,
  /** "invalid webhook url": wrong key, or the robot was removed from the group. */
  INVALID_WEBHOOK: 93000,
  /** 不合法的msgtype参数. */
  INVALID_MSGTYPE: 40008,
  /** Parameter empty or out of range, e.g. "markdown.content exceed max length 4096". */
  PARAM_OUT_OF_RANGE: 40058,
  /** 文本消息content参数为空. */
  EMPTY_CONTENT: 44004,
} as const;

export interface WecomRobotConfig {
  key: string;
}

export function wecomContent(msg: OutgoingMessage): string {
  if (!msg.title) return msg.text;
  return msg.format === 'markdown' ? `**${msg.title}**\n${msg.text}` : `${msg.title}\n${msg.text}`;
}

/** What the robot posts for this message: the preview and send() both come from here. */
export function wecomDelivery(msg: OutgoingMessage): Delivery {
  return { format: msg.format, content: wecomContent(msg) };
}

export function wecomSize(d: Delivery): SizeCheck {
  return { limit: d.format === 'markdown' ? MARKDOWN_MAX_BYTES : TEXT_MAX_BYTES, actual: utf8Length(d.content), unit: 'bytes' };
}

export function wecomBody(d: Delivery): string {
  return JSON.stringify(d.format === 'markdown' ? { msgtype: 'markdown', markdown: { content: d.content } } : { msgtype: 'text', text: { content: d.content } });
}

/** The image message: the picture's bytes in base64 and the md5 of those bytes (before base64). */
export function wecomImageBody(img: Pick<OutgoingImage, 'bytes'>): string {
  return JSON.stringify({ msgtype: 'image', image: { base64: img.bytes.toString('base64'), md5: crypto.createHash('md5').update(img.bytes).digest('hex') } });
}

export function interpretWecomReply(json: Record<string, unknown>, secrets: readonly string[], ctx: ReplyContext): SendOutcome | null {
  const code = json.errcode;
  if (typeof code !== 'number') return null;
  const detail = cleanPlatformText(json.errmsg, secrets);
  const says = (what: string) => `WeCom ${what} (errcode ${code}${detail ? `: ${detail}` : ''})`;
  switch (code) {
    case WECOM_ERR.OK:
      return sent();
    case WECOM_ERR.BUSY:
      return retry(ctx.transientRetryMs, 'server_error', says('is busy'));
    case WECOM_ERR.FREQ_LIMIT:
      return retry(RATE_LIMITED_RETRY_MS, 'rate_limited', says('robot sent more than 20 messages in a minute'));
    case WECOM_ERR.INVALID_WEBHOOK:
      return failed('invalid_credentials', says('does not know this webhook key, or the robot was removed from the group'), code);
    case WECOM_ERR.INVALID_MSGTYPE:
    case WECOM_ERR.PARAM_OUT_OF_RANGE:
    case WECOM_ERR.EMPTY_CONTENT:
      return failed('invalid_message', says('rejected the message body'), code);
    default:
      return failed('rejected', says('refused the message'), code);
  }
}

export function createWecomRobot(config: WecomRobotConfig, opts: WebhookOptions = {}): SendingChannel {
  const secrets = [config.key];
  const platform: WebhookPlatform = {
    name: 'WeCom',
    secrets,
    rateLimitedRetryMs: RATE_LIMITED_RETRY_MS,
    interpret: (json, _reply, ctx) => interpretWecomReply(json, secrets, ctx),
  };
  const baseUrl = opts.baseUrl ?? WECOM_DEFAULT_BASE_URL;
  const sendDelivery = async (d: Delivery, signal?: AbortSignal): Promise<SendOutcome> => {
    if (d.format === 'post') return failed('invalid_message', 'WeCom robots take text or markdown, not a Feishu post');
    const size = wecomSize(d);
    if (size.actual > size.limit) return failed('too_long', `message is ${size.actual} bytes; WeCom ${d.format} allows ${size.limit}`);
    const url = joinUrl(baseUrl, `/cgi-bin/webhook/send?${new URLSearchParams({ key: config.key }).toString()}`);
    return deliver(platform, url, wecomBody(d), opts, signal);
  };
  const sendImage = async (img: OutgoingImage, signal?: AbortSignal): Promise<SendOutcome> => {
    if (img.mime !== 'image/png' && img.mime !== 'image/jpeg') return failed('invalid_message', 'WeCom robots post JPG or PNG pictures only');
    if (img.bytes.length > WECOM_IMAGE_MAX_BYTES) return failed('too_long', `picture is ${img.bytes.length} bytes; WeCom allows ${WECOM_IMAGE_MAX_BYTES}`);
    const url = joinUrl(baseUrl, `/cgi-bin/webhook/send?${new URLSearchParams({ key: config.key }).toString()}`);
    return deliver(platform, url, wecomImageBody(img), opts, signal);
  };
  return {
    kind: 'wecom-robot',
    label: `WeCom robot ${maskSecret(config.key)}`,
    capabilities: { formats: ['text', 'markdown'], maxLength: TEXT_MAX_BYTES, images: true },
    limits: WECOM_LIMITS,
    send: (msg, signal) => sendDelivery(wecomDelivery(msg), signal),
    sendDelivery,
    sendImage,
  };
}

/**
 * Entry point for group robot channels: validates a robot's settings and builds the matching
 * SendingChannel. Validation errors name the field and the rule, never the value, because the
 * values are keys and secrets.
 */
import { z } from 'zod';
import type { Delivery, OutgoingMessage, SendingChannel, SizeCheck } from './channel';
import { createDingtalkRobot, dingtalkDelivery, dingtalkSize } from './dingtalk-robot';
import { createFeishuRobot, feishuDelivery, feishuSize } from './feishu-robot';
import { redactSecrets } from './mask-secret';
import { createWecomRobot, wecomDelivery, wecomSize } from './wecom-robot';
import type { Clock } from './webhook-send';

export * from './channel';
export { maskSecret, redactSecrets } from './mask-secret';
export { createWecomRobot, wecomBody, wecomDelivery, wecomImageBody, WECOM_ERR, WECOM_IMAGE_MAX_BYTES, WECOM_LIMITS } from './wecom-robot';
export { createDingtalkRobot, dingtalkBody, dingtalkDelivery, dingtalkSign, DINGTALK_ERR, DINGTALK_LIMITS, DINGTALK_LOCK_MS } from './dingtalk-robot';
export { createFeishuRobot, feishuBody, feishuDelivery, feishuSign, FEISHU_ERR, FEISHU_LIMITS } from './feishu-robot';
export { markdownToPlain } from './markdown-plain';
export { RateQueue, createChannelQueue, monotonicClock, systemTimer, type QueueClock, type QueueStatus, type RateQueueOptions, type TimerApi } from './rate-queue';
export { parseRetryAfter, type Clock, type WebhookOptions } from './webhook-send';

/** Keys and tokens go into a URL: a strict alphabet keeps them from rewriting it. */
const credential = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} is empty`)
    .max(256, `${field} is too long`)
    .regex(/^[A-Za-z0-9._~-]+$/, `${field} may only contain letters, digits and - . _ ~ (paste the value, not the whole webhook address)`);

const signingSecret = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} is empty`)
    .max(256, `${field} is too long`)
    .regex(/^[\x21-\x7e]+$/, `${field} may only contain printable ASCII characters`);

const baseUrl = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.search && !u.hash && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'baseUrl must be an http(s) address without query, fragment or credentials')
  .optional();

export const robotConfigSchema = z.discriminatedUnion('platform', [
  z.object({ platform: z.literal('wecom'), key: credential('key'), baseUrl }),
  z.object({ platform: z.literal('dingtalk'), accessToken: credential('accessToken'), secret: signingSecret('secret'), baseUrl }),
  // Signing is optional on Feishu; settings forms send '' for "off".
  z.object({ platform: z.literal('feishu'), token: credential('token'), secret: z.union([z.literal(''), signingSecret('secret')]).optional(), baseUrl }),
]);

export type RobotConfig = z.output<typeof robotConfigSchema>;
export type RobotConfigInput = z.input<typeof robotConfigSchema>;

export interface RobotChannelDeps {
  clock?: Clock;
  timeoutMs?: number;
  transientRetryMs?: number;
}

export class RobotConfigError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`invalid robot settings: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'RobotConfigError';
    this.issues = issues;
  }
}

function stringsIn(input: unknown): string[] {
  if (input === null || typeof input !== 'object') return [];
  return Object.values(input as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

export function parseRobotConfig(input: unknown): RobotConfig {
  const r = robotConfigSchema.safeParse(input);
  if (r.success) return r.data;
  // zod's own texts do not quote input values today; masking every input string keeps it that way.
  const secrets = stringsIn(input).filter((s) => s.length >= 6);
  throw new RobotConfigError(r.error.issues.map((i) => ({ path: i.path.join('.'), message: redactSecrets(i.message, secrets) })));
}

export function createRobotChannel(input: unknown, deps: RobotChannelDeps = {}): SendingChannel {
  const config = parseRobotConfig(input);
  const opts = {
    ...deps,
    ...(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
  };
  switch (config.platform) {
    case 'wecom':
      return createWecomRobot({ key: config.key }, opts);
    case 'dingtalk':
      return createDingtalkRobot({ accessToken: config.accessToken, secret: config.secret }, opts);
    case 'feishu':
      return createFeishuRobot({ token: config.token, secret: config.secret || undefined }, opts);
  }
}

export type RobotPlatform = RobotConfig['platform'];

/**
 * What a robot of this platform would post for the message, and how long that is against the
 * platform's cap: pure, so a plan previews it without opening any secret, and the very function
 * the robot's send() uses.
 */
export const ROBOT_PREVIEW: Record<RobotPlatform, { delivery(msg: OutgoingMessage): Delivery; size(d: Delivery): SizeCheck; images: boolean }> = {
  wecom: { delivery: wecomDelivery, size: wecomSize, images: true },
  // A DingTalk custom robot shows a picture only from a public URL (markdown ![](url)), and a
  // Feishu one only by an image_key that an app's upload API returns: neither can post a local file.
  dingtalk: { delivery: dingtalkDelivery, size: dingtalkSize, images: false },
  feishu: { delivery: feishuDelivery, size: feishuSize, images: false },
};

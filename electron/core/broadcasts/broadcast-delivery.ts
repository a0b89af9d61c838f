/**
 * What each target of a broadcast receives, exactly, and what to check before it goes. Pure: the
 * plan previews it, the broadcast stores it per target, the outbox sends what was stored.
 *
 *  - auto (a robot posts): the robot module's own builder, the one its send() uses.
 *  - owner-confirm and manual: the plain text the operator pastes (or the WeCom owner confirms).
 *    WeChat, QQ and WeCom customer groups show no markdown, so a markdown body becomes readable
 *    plain text there.
 *  - a picture: a WeCom robot posts it after the text (a second request); a person pastes it with
 *    the text (the checklist copies it); DingTalk and Feishu robots cannot post a local picture, so
 *    they send the text only and the plan warns (image_unsupported).
 */
import type { CheckDto } from '../../../shared/api/broadcasts';
import type { Platform } from '../../../shared/domain/enums';
import { markdownToPlain, ROBOT_PREVIEW, type RobotPlatform } from '../channels';
import { utf8Length, type Delivery, type OutgoingMessage, type SizeCheck } from '../channels/channel';
import type { DeliveryMode } from './broadcast-plan';

export interface DeliveryTarget {
  mode: DeliveryMode;
  platform: Platform;
  /** The platform of the robot that posts (auto targets). */
  robotPlatform: RobotPlatform | null;
}

/** The text a person pastes: the title on its own line, then the body, markdown made plain. */
export function plainText(msg: OutgoingMessage): string {
  const body = msg.format === 'markdown' ? markdownToPlain(msg.text) : msg.text;
  return msg.title ? `${msg.title}\n${body}` : body;
}

export function deliveryFor(t: DeliveryTarget, msg: OutgoingMessage): Delivery {
  if (t.mode === 'auto' && t.robotPlatform) return ROBOT_PREVIEW[t.robotPlatform].delivery(msg);
  return { format: 'text', content: plainText(msg) };
}

/** WeCom's 创建企业群发 (add_msg_template): text.content at most 4000 bytes (developer.work.weixin.qq.com/document/path/92135). */
const OWNER_TASK_MAX_BYTES = 4000;

/**
 * Published caps of what a person may post, where a platform publishes one; no other platform
 * gets an invented number. Both count UTF-16 code units, as JavaScript's length does.
 *  - Telegram: sendMessage text is 1–4096 characters (core.telegram.org/bots/api#sendmessage).
 *  - Discord: message content is up to 2000 characters (discord.com/developers/docs/resources/message).
 */
const CHAR_LIMITS: Partial<Record<Platform, number>> = { telegram: 4096, discord: 2000 };

export function sizeFor(t: DeliveryTarget, d: Delivery): SizeCheck | null {
  if (t.mode === 'auto' && t.robotPlatform) return ROBOT_PREVIEW[t.robotPlatform].size(d);
  if (t.mode === 'owner-confirm') return { limit: OWNER_TASK_MAX_BYTES, actual: utf8Length(d.content), unit: 'bytes' };
  const chars = CHAR_LIMITS[t.platform];
  return chars === undefined ? null : { limit: chars, actual: d.content.length, unit: 'chars' };
}

/**
 * The checks of one target. `msg` is the message with its variables filled for this group;
 * `emptyVariables` are the ones that had no value here.
 */
export function checksFor(t: DeliveryTarget, msg: OutgoingMessage, d: Delivery, emptyVariables: readonly string[]): CheckDto[] {
  const out: CheckDto[] = [];
  const size = sizeFor(t, d);
  if (size && size.actual > size.limit) out.push({ code: 'too_long', level: 'error', limit: size.limit, actual: size.actual, unit: size.unit });
  // Only when something was actually dropped: a markdown body without any markup loses nothing.
  if (msg.format === 'markdown' && d.format !== 'markdown' && markdownToPlain(msg.text, { keepLinks: d.format === 'post' }) !== msg.text) out.push({ code: 'format_dropped', level: 'warning' });
  for (const v of emptyVariables) out.push({ code: 'variable_empty', level: 'warning', variable: v });
  return out;
}

export const hasError = (checks: readonly CheckDto[]) => checks.some((c) => c.level === 'error');

/** Whether this target receives the broadcast's picture: false only for a robot that cannot post one. */
export function getsImage(t: DeliveryTarget): boolean {
  if (t.mode === 'auto' && t.robotPlatform) return ROBOT_PREVIEW[t.robotPlatform].images;
  return true;
}

/** The picture's check for this target: a warning where the robot sends the text only. */
export function imageChecks(t: DeliveryTarget, hasImage: boolean): CheckDto[] {
  return hasImage && !getsImage(t) ? [{ code: 'image_unsupported', level: 'warning' }] : [];
}

/**
 * The Connections page's pure pieces: a robot's status, the words for a failed test, the
 * requests built from the robot form, and the core's field errors placed on that form.
 */
import type { Req } from '../../../shared/api';
import type { RobotDto, RobotPlatform } from '../../../shared/api/connections';
import { AppError } from '../../../shared/errors';

/**
 * Every reason a send can fail with (`ReasonCode` in electron/core/channels/channel.ts; a unit
 * test holds the two lists equal). Each has its own sentence in the `connections.reason` catalogue.
 */
export const REASON_CODES = [
  'rate_limited',
  'server_error',
  'network_error',
  'cancelled',
  'timeout',
  'aborted',
  'connection_lost',
  'unreadable_reply',
  'invalid_credentials',
  'robot_unavailable',
  'bad_signature',
  'ip_not_allowed',
  'keyword_missing',
  'content_rejected',
  'invalid_message',
  'too_long',
  'rejected',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The catalogue key for a reason: Feishu's keyword rule has its own advice; an unknown code gets the generic line. */
export type ReasonKey = ReasonCode | 'keyword_missing_feishu' | 'unknown';

export function reasonKey(code: string | null | undefined, platform: RobotPlatform): ReasonKey {
  if (!code || !(REASON_CODES as readonly string[]).includes(code)) return 'unknown';
  if (code === 'keyword_missing' && platform === 'feishu') return 'keyword_missing_feishu';
  return code as ReasonCode;
}

/** How the signing secret figures for a platform: DingTalk needs its 加签 secret, Feishu's 签名校验 is optional, WeCom has none. */
export type SecretNeed = 'required' | 'optional' | 'none';
export function secretNeed(platform: RobotPlatform): SecretNeed {
  return platform === 'dingtalk' ? 'required' : platform === 'feishu' ? 'optional' : 'none';
}

export type RobotStatus = { kind: 'active' } | { kind: 'paused' } | { kind: 'locked'; until: string };

/**
 * What the status tag says. The core reports a lock only while it lasts; the page may stay open
 * past it, so the time is checked again here. A paused robot reads paused whatever its lock.
 */
export function robotStatus(r: Pick<RobotDto, 'paused' | 'lockedUntil'>, nowMs: number): RobotStatus {
  if (r.paused) return { kind: 'paused' };
  if (r.lockedUntil && Date.parse(r.lockedUntil) > nowMs) return { kind: 'locked', until: r.lockedUntil };
  return { kind: 'active' };
}

/** The list in the core's order (name, then id), with one robot added or replaced. */
export function upsertRobot(list: readonly RobotDto[], robot: RobotDto): RobotDto[] {
  const next = list.filter((r) => r.id !== robot.id);
  next.push(robot);
  return next.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
}

/** The robot form. Selects start empty; secrets are typed fresh every time (the old ones are never shown). */
export interface RobotFormValues {
  platform?: RobotPlatform;
  name: string;
  /** Undefined: no group (a cleared select gives undefined, and shows its placeholder). */
  groupId?: number | undefined;
  /**
   * The fields below are missing from what the form hands over when they are not on screen
   * (no secret for WeCom; no credentials while editing without replacing them).
   */
  webhook?: string | undefined;
  secret?: string | undefined;
  baseUrl?: string | undefined;
  /** Editing: replace the webhook address and secret. */
  replace?: boolean | undefined;
}

export const EMPTY_ROBOT_FORM: RobotFormValues = { name: '', webhook: '', secret: '', baseUrl: '', replace: false };

/** Must match `connections.addRobot` in shared/api/connections.ts (which trims before it counts). */
export const ROBOT_LIMITS = { name: 60, webhook: 2000, secret: 500, baseUrl: 300 } as const;

const trimmed = (s: string | undefined): string => (s ?? '').trim();

function credentialsOf(platform: RobotPlatform, v: RobotFormValues): { webhook: string; secret?: string } {
  const webhook = trimmed(v.webhook);
  const secret = trimmed(v.secret);
  // WeCom has no secret: whatever was typed in a field it never showed is not sent.
  return secretNeed(platform) !== 'none' && secret ? { webhook, secret } : { webhook };
}

export function toAddRequest(v: RobotFormValues): Req<'connections.addRobot'> {
  if (!v.platform) throw new Error('platform is required');
  const req: Req<'connections.addRobot'> = { name: v.name.trim(), platform: v.platform, groupId: v.groupId ?? null, credentials: credentialsOf(v.platform, v) };
  const baseUrl = trimmed(v.baseUrl);
  if (baseUrl) req.baseUrl = baseUrl;
  return req;
}

/** Only what changed; credentials only when the operator chose to replace them. */
export function toUpdateRequest(robot: RobotDto, v: RobotFormValues): Req<'connections.updateRobot'> {
  const req: Req<'connections.updateRobot'> = { id: robot.id };
  const name = v.name.trim();
  if (name !== robot.name) req.name = name;
  const groupId = v.groupId ?? null;
  if (groupId !== robot.groupId) req.groupId = groupId;
  if (v.replace) req.credentials = credentialsOf(robot.platform, v);
  return req;
}

export function toFormValues(robot: RobotDto): RobotFormValues {
  return { ...EMPTY_ROBOT_FORM, platform: robot.platform, name: robot.name, groupId: robot.groupId ?? undefined };
}

/** Where each request path of the core's field errors shows on the form. */
const FIELD_OF_PATH: Record<string, keyof RobotFormValues> = {
  name: 'name',
  platform: 'platform',
  groupId: 'groupId',
  credentials: 'webhook',
  'credentials.webhook': 'webhook',
  'credentials.secret': 'secret',
  baseUrl: 'baseUrl',
};

export interface RobotFieldErrors {
  fields: { name: [keyof RobotFormValues]; errors: string[] }[];
  /** Field errors the form has no place for: shown with the error's message. */
  unplaced: string[];
}

/** The core's field errors on the robot form's fields. */
export function robotFieldErrors(e: unknown, shown: readonly (keyof RobotFormValues)[]): RobotFieldErrors {
  const out: RobotFieldErrors = { fields: [], unplaced: [] };
  if (!(e instanceof AppError) || !e.fields) return out;
  const byField = new Map<keyof RobotFormValues, string[]>();
  for (const f of e.fields) {
    const field = FIELD_OF_PATH[f.path];
    if (field && shown.includes(field)) byField.set(field, [...(byField.get(field) ?? []), f.message]);
    else out.unplaced.push(f.message);
  }
  out.fields = [...byField].map(([name, errors]) => ({ name: [name], errors }));
  return out;
}

export interface GroupChoice {
  id: number;
  name: string;
  platform: string;
}

/** The group select: groups on the robot's platform first (those are the ones it can post into), then the rest. */
export function splitGroups(groups: readonly GroupChoice[], platform: RobotPlatform): { same: GroupChoice[]; other: GroupChoice[] } {
  return { same: groups.filter((g) => g.platform === platform), other: groups.filter((g) => g.platform !== platform) };
}

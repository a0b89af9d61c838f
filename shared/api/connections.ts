import { z } from 'zod';
import { method } from './define';

const Id = z.number().int().positive();

export const ROBOT_PLATFORMS = ['wecom', 'dingtalk', 'feishu'] as const;
export const RobotPlatform = z.enum(ROBOT_PLATFORMS);
export type RobotPlatform = z.infer<typeof RobotPlatform>;

/**
 * What the operator pastes: the webhook address as the platform shows it (or just its key or
 * token), and the signing secret where the platform has one. Checked by the core, which names
 * the field at fault but never echoes the value.
 */
export const RobotCredentials = z.object({
  webhook: z.string().trim().min(1).max(2000),
  secret: z.string().trim().max(500).optional(),
});

/** A robot as the UI sees it: the secrets only ever as a mask. */
export const RobotDto = z.object({
  id: z.number().int(),
  name: z.string(),
  platform: RobotPlatform,
  groupId: z.number().int().nullable(),
  groupName: z.string().nullable(),
  /** The key or token masked, e.g. "b7e***b9". */
  masked: z.string(),
  /** Requests are signed with a secret (DingTalk always; Feishu when set). */
  signed: z.boolean(),
  /** Only when not the platform's own address (a test or demo receiver on this machine). */
  baseUrl: z.string().nullable(),
  paused: z.boolean(),
  /** The platform locked the robot until then (DingTalk: 10 minutes after too many messages). */
  lockedUntil: z.string().nullable(),
  lastTest: z.object({ at: z.string(), ok: z.boolean(), reason: z.string().nullable() }).nullable(),
  createdAt: z.string(),
});
export type RobotDto = z.infer<typeof RobotDto>;

export const VaultDto = z.object({
  /** 'os': the system keychain (desktop app); 'os-plaintext': Linux without a keyring; 'file': a key file only this user can read. */
  backend: z.enum(['os', 'os-plaintext', 'file']),
  /** This workspace's secrets were sealed by the desktop app's keychain and cannot be read here. */
  locked: z.boolean(),
});
export type VaultDto = z.infer<typeof VaultDto>;

export const connectionsApi = {
  'connections.list': method(z.object({}).default({}), z.object({ robots: z.array(RobotDto), vault: VaultDto })),
  'connections.addRobot': method(
    z.object({
      name: z.string().trim().min(1).max(60),
      platform: RobotPlatform,
      groupId: Id.nullable().default(null),
      credentials: RobotCredentials,
      /** For a receiver on this machine (tests, the demo): http(s) without query or credentials. */
      baseUrl: z.string().trim().max(300).optional(),
    }),
    RobotDto,
  ),
  'connections.updateRobot': method(
    z.object({ id: Id, name: z.string().trim().min(1).max(60).optional(), groupId: Id.nullable().optional(), credentials: RobotCredentials.optional() }),
    RobotDto,
  ),
  /** Sends a short test message through the robot and records the outcome. */
  'connections.testRobot': method(z.object({ id: Id }), z.object({ ok: z.boolean(), code: z.string().nullable(), message: z.string().nullable(), robot: RobotDto })),
  'connections.pauseRobot': method(z.object({ id: Id, paused: z.boolean() }), RobotDto),
  'connections.removeRobot': method(z.object({ id: Id }), z.object({ ok: z.literal(true) })),
};

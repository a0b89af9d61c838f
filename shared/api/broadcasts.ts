import { z } from 'zod';
import { Platform } from '../domain/enums';
import { method } from './define';

const Id = z.number().int().positive();
const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const DELIVERY_MODES = ['auto', 'owner-confirm', 'manual'] as const;
export const TARGET_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped', 'uncertain', 'manual-pending', 'manual-done', 'awaiting-owner', 'cancelled'] as const;
export const PLAN_REASONS = ['cap_per_day', 'quota_month', 'quiet_hours', 'robot_locked'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** Who receives it: some groups, a saved group segment, or every group; minus exclusions. */
export const Targeting = z
  .object({
    groupIds: z.array(Id).max(20_000).optional(),
    segmentId: Id.optional(),
    all: z.boolean().optional(),
    excludeGroupIds: z.array(Id).max(20_000).optional(),
  })
  .refine((t) => [t.groupIds !== undefined, t.segmentId !== undefined, t.all === true].filter(Boolean).length === 1, { message: 'choose groups, a segment, or all groups' });

export const BroadcastDraft = z.object({
  name: z.string().trim().min(1).max(80),
  format: z.enum(['text', 'markdown']).default('text'),
  title: z.string().trim().max(100).optional(),
  body: z.string().trim().min(1).max(4000),
  targeting: Targeting,
  /** When to send; now when absent. */
  at: IsoDate.optional(),
});

export const BroadcastSettings = z.object({
  perGroupPerDay: z.number().int().min(1).max(50),
  quietStart: HHMM,
  quietEnd: HHMM,
  /** A broadcast to more groups than this asks for a second confirmation with the count. */
  confirmOver: z.number().int().min(1).max(100_000),
});
export type BroadcastSettings = z.infer<typeof BroadcastSettings>;
export const DEFAULT_BROADCAST_SETTINGS: BroadcastSettings = { perGroupPerDay: 2, quietStart: '22:00', quietEnd: '08:00', confirmOver: 50 };

export const PlannedTargetDto = z.object({
  groupId: z.number().int(),
  groupName: z.string(),
  platform: Platform,
  mode: z.enum(DELIVERY_MODES),
  robotId: z.number().int().nullable(),
  decision: z.enum(['send', 'delay', 'skip']),
  reasons: z.array(z.enum(PLAN_REASONS)),
  plannedAt: z.string().nullable(),
  text: z.string(),
});

export const PlanSummaryDto = z.object({
  total: z.number().int(),
  byPlatform: z.record(z.string(), z.number().int()),
  byMode: z.object({ auto: z.number().int(), 'owner-confirm': z.number().int(), manual: z.number().int() }),
  byDecision: z.object({ send: z.number().int(), delay: z.number().int(), skip: z.number().int() }),
});

export const PlanDto = z.object({ at: z.string(), targets: z.array(PlannedTargetDto), summary: PlanSummaryDto, confirmOver: z.number().int() });
export type PlanDto = z.infer<typeof PlanDto>;

const StatusCounts = z.record(z.string(), z.number().int());

export const BroadcastRowDto = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(['scheduled', 'sending', 'done', 'cancelled']),
  scheduledAt: z.string(),
  createdAt: z.string(),
  targets: z.number().int(),
  counts: StatusCounts,
});
export type BroadcastRowDto = z.infer<typeof BroadcastRowDto>;

export const TargetDto = z.object({
  id: z.number().int(),
  groupId: z.number().int(),
  groupName: z.string(),
  platform: Platform,
  mode: z.enum(DELIVERY_MODES),
  status: z.enum(TARGET_STATUSES),
  reasons: z.array(z.string()),
  plannedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  attempts: z.number().int(),
  error: z.object({ code: z.string(), text: z.string() }).nullable(),
  doneBy: z.string().nullable(),
  doneAt: z.string().nullable(),
  text: z.string(),
});
export type TargetDto = z.infer<typeof TargetDto>;

export const ReportDto = z.object({
  broadcast: BroadcastRowDto.extend({ format: z.enum(['text', 'markdown']), title: z.string(), body: z.string() }),
  targets: z.array(TargetDto),
  log: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), groupName: z.string().nullable(), detail: z.string() })),
});
export type ReportDto = z.infer<typeof ReportDto>;

export const broadcastsApi = {
  'broadcasts.settings': method(z.object({}).default({}), BroadcastSettings),
  'broadcasts.setSettings': method(z.object({ settings: BroadcastSettings }), BroadcastSettings),
  /** The plan (the dry run): who gets what, how, when, and what the caps skip or delay. Stores nothing. */
  'broadcasts.plan': method(BroadcastDraft, PlanDto),
  /**
   * Creates the broadcast and its outbox. Over `confirmOver` groups, `confirmTargets` must repeat
   * the number of target groups (the second confirmation); otherwise CONFIRM_NEEDED says how many.
   */
  'broadcasts.create': method(BroadcastDraft.extend({ confirmTargets: z.number().int().optional() }), z.object({ id: z.number().int(), summary: PlanSummaryDto })),
  'broadcasts.list': method(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }), z.array(BroadcastRowDto)),
  'broadcasts.report': method(z.object({ id: Id }), ReportDto),
  /** A manual target ticked as sent by hand (or unticked), with who and when. */
  'broadcasts.markManual': method(z.object({ targetId: Id, done: z.boolean(), by: z.string().trim().max(40).optional() }), TargetDto),
  /** An uncertain target: the operator checked the group. 'sent' closes it; 'resend' queues it again. */
  'broadcasts.resolveUncertain': method(z.object({ targetId: Id, resolution: z.enum(['sent', 'resend']) }), TargetDto),
  /** Failed targets of a broadcast go back to the queue. */
  'broadcasts.retryFailed': method(z.object({ id: Id }), z.object({ requeued: z.number().int() })),
  /** Stops what has not gone yet; what was sent stays sent. */
  'broadcasts.cancel': method(z.object({ id: Id }), z.object({ cancelled: z.number().int() })),
  /** The report as CSV or XLSX, downloaded like the roster's exports. */
  'broadcasts.exportReport': method(z.object({ id: Id, format: z.enum(['csv', 'xlsx']) }), z.object({ fileId: z.string(), name: z.string(), rows: z.number().int() })),
};

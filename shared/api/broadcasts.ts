import { z } from 'zod';
import { Platform } from '../domain/enums';
import { GroupCondition } from '../domain/segment';
import { method } from './define';

const Id = z.number().int().positive();
const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const DELIVERY_MODES = ['auto', 'owner-confirm', 'manual'] as const;
export const TARGET_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped', 'uncertain', 'manual-pending', 'manual-done', 'awaiting-owner', 'cancelled'] as const;
/** too_long: a recurring occurrence's target over its platform's cap is skipped (a plan shows it as a check instead). */
export const PLAN_REASONS = ['cap_per_day', 'quota_month', 'quiet_hours', 'robot_locked', 'too_long'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/**
 * Who receives it: some groups, a saved group segment, groups by their tags (class, type, stage,
 * platform, city: an unsaved condition), or every group; minus exclusions.
 */
export const Targeting = z
  .object({
    groupIds: z.array(Id).max(20_000).optional(),
    segmentId: Id.optional(),
    condition: GroupCondition.optional(),
    all: z.boolean().optional(),
    excludeGroupIds: z.array(Id).max(20_000).optional(),
  })
  .refine((t) => [t.groupIds !== undefined, t.segmentId !== undefined, t.condition !== undefined, t.all === true].filter(Boolean).length === 1, {
    message: 'choose groups, a segment, tags, or all groups',
  });

export const BroadcastDraft = z.object({
  name: z.string().trim().min(1).max(80),
  format: z.enum(['text', 'markdown']).default('text'),
  title: z.string().trim().max(100).optional(),
  body: z.string().trim().min(1).max(4000),
  targeting: Targeting,
  /** When to send; now when absent. */
  at: IsoDate.optional(),
  /** A picture added with broadcasts.addImage: WeCom robots post it after the text, checklists offer it to copy. */
  imageId: Id.optional(),
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

/**
 * Exactly what one target receives: for a robot, what its request carries (text, markdown, or a
 * Feishu `post` whose content keeps http(s) links as [label](url)); for a WeCom owner task or a
 * manual checklist, the plain text the operator pastes.
 */
export const DELIVERY_FORMATS = ['text', 'markdown', 'post'] as const;

/** A broadcast's picture: a JPG or PNG of at most 2 MB (the WeCom group robot's limit), stored with the broadcast. */
export const IMAGE_MIMES = ['image/png', 'image/jpeg'] as const;
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const ImageDto = z.object({ id: z.number().int(), mime: z.enum(IMAGE_MIMES), size: z.number().int(), md5: z.string() });
export type ImageDto = z.infer<typeof ImageDto>;

/** `image`: this target receives the picture too (a WeCom robot posts it after the text; by hand, it is pasted with the text). */
export const DeliveryDto = z.object({ format: z.enum(DELIVERY_FORMATS), title: z.string().optional(), content: z.string(), image: ImageDto.optional() });
export type DeliveryDto = z.infer<typeof DeliveryDto>;

/**
 * Per-target checks. too_long (error): over the platform's documented cap, counted as the
 * platform counts (`unit`); format_dropped (warning): markdown formatting that this target shows
 * as plain text; variable_empty (warning): `variable` has no value for this group;
 * image_unsupported (warning): this target's robot (DingTalk, Feishu) cannot post a local picture,
 * so it sends the text only and the picture is sent by hand.
 */
export const CHECK_CODES = ['too_long', 'format_dropped', 'variable_empty', 'image_unsupported'] as const;
export const CheckDto = z.object({
  code: z.enum(CHECK_CODES),
  level: z.enum(['error', 'warning']),
  limit: z.number().int().optional(),
  actual: z.number().int().optional(),
  unit: z.enum(['bytes', 'chars']).optional(),
  variable: z.string().optional(),
});
export type CheckDto = z.infer<typeof CheckDto>;

export const PlannedTargetDto = z.object({
  groupId: z.number().int(),
  groupName: z.string(),
  platform: Platform,
  mode: z.enum(DELIVERY_MODES),
  robotId: z.number().int().nullable(),
  decision: z.enum(['send', 'delay', 'skip']),
  reasons: z.array(z.enum(PLAN_REASONS)),
  plannedAt: z.string().nullable(),
  /** The same as delivery.content. */
  text: z.string(),
  delivery: DeliveryDto,
  checks: z.array(CheckDto),
});
export type PlannedTargetDto = z.infer<typeof PlannedTargetDto>;

export const PlanSummaryDto = z.object({
  total: z.number().int(),
  byPlatform: z.record(z.string(), z.number().int()),
  byMode: z.object({ auto: z.number().int(), 'owner-confirm': z.number().int(), manual: z.number().int() }),
  byDecision: z.object({ send: z.number().int(), delay: z.number().int(), skip: z.number().int() }),
  /** Targets with an error check / a warning, among those not skipped (a skipped one receives nothing). */
  withErrors: z.number().int(),
  withWarnings: z.number().int(),
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
  /** This target receives the broadcast's picture (see DeliveryDto.image). */
  image: z.boolean(),
  /**
   * Requests known to have arrived: a robot target with a picture has two (the text, then the
   * picture), any other one. A failed or uncertain target with partsDone 1 of 2 got its text.
   */
  partsDone: z.number().int(),
});
export type TargetDto = z.infer<typeof TargetDto>;

export const ReportDto = z.object({
  broadcast: BroadcastRowDto.extend({ format: z.enum(['text', 'markdown']), title: z.string(), body: z.string(), image: ImageDto.nullable() }),
  targets: z.array(TargetDto),
  log: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), groupName: z.string().nullable(), detail: z.string() })),
});
export type ReportDto = z.infer<typeof ReportDto>;

/** A variable the composer can insert: a built-in, or a custom group field some group has. */
export const VariableDto = z.object({
  /** e.g. 'group.name', 'group.讲师', 'date'. */
  name: z.string(),
  /** What to insert: '{{group.name}}'. */
  token: z.string(),
  /** In the user's language for built-ins; the key itself for custom fields. */
  label: z.string(),
  builtin: z.boolean(),
  /** Groups (not archived) where it has a value; null for {{date}}. */
  groups: z.number().int().nullable(),
});
export type VariableDto = z.infer<typeof VariableDto>;

export const TemplateInput = z.object({
  /** Updates this saved template; creates one when absent. */
  id: Id.optional(),
  name: z.string().trim().min(1).max(40),
  format: z.enum(['text', 'markdown']).default('text'),
  title: z.string().trim().max(100).optional(),
  body: z.string().trim().min(1).max(4000),
});

export const TemplateDto = z.object({
  /** Saved templates only; null for a built-in starter. */
  id: z.number().int().nullable(),
  /** Unique in the list: 'builtin:<slug>' or 'saved:<id>'. */
  key: z.string(),
  /** Starter templates that ship with Qunzhu, in the user's language: read-only. */
  builtin: z.boolean(),
  name: z.string(),
  format: z.enum(['text', 'markdown']),
  title: z.string(),
  body: z.string(),
  /** The daily column's usual time (HH:MM) for column templates, else null. */
  time: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TemplateDto = z.infer<typeof TemplateDto>;

/**
 * When a schedule recurs, in the operator's local time: every day, on some weekdays (1 = Monday …
 * 7 = Sunday), or on one day of the month (31 means the month's last day in shorter months).
 */
export const ScheduleRule = z
  .object({
    every: z.enum(['day', 'week', 'month']),
    time: HHMM,
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    monthDay: z.number().int().min(1).max(31).optional(),
  })
  .refine((r) => r.every !== 'week' || (r.weekdays?.length ?? 0) > 0, { message: 'choose the weekdays', path: ['weekdays'] })
  .refine((r) => r.every !== 'month' || r.monthDay !== undefined, { message: 'choose the day of the month', path: ['monthDay'] });
export type ScheduleRule = z.infer<typeof ScheduleRule>;

/**
 * A recurring broadcast's draft: the composer's draft without a time (the rule gives it) and
 * without a picture (recurring broadcasts send text only; the composer says so).
 */
export const ScheduleDraft = BroadcastDraft.omit({ at: true, imageId: true });

export const ScheduleDto = z.object({
  id: z.number().int(),
  name: z.string(),
  draft: ScheduleDraft,
  rule: ScheduleRule,
  paused: z.boolean(),
  /** The next occurrence; null while paused. */
  nextAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  /** The broadcast the last occurrence created (its report has the details). */
  lastBroadcast: BroadcastRowDto.nullable(),
  /** Why the last occurrence created nothing (no group left, a variable no group has…), in the user's language. */
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
export type ScheduleDto = z.infer<typeof ScheduleDto>;

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
  /**
   * A picture for a broadcast, from a file the renderer uploaded (api.upload gives its path): a real
   * JPG or PNG (by its bytes) of at most 2 MB, else VALIDATION saying why. Stored in the workspace.
   */
  'broadcasts.addImage': method(z.object({ path: z.string().min(1).max(4096) }), ImageDto),
  /** A stored picture as a data: URL (≤ 2 MB), for thumbnails and copying to the clipboard. */
  'broadcasts.image': method(z.object({ id: Id }), ImageDto.extend({ dataUrl: z.string() })),
  /** Variables for the composer's insert menu: the built-ins, then every custom group field key in use. */
  'broadcasts.variables': method(z.object({}).default({}), z.array(VariableDto)),
  /** Saved templates (newest first), then the built-in starters in the user's language. */
  'broadcasts.listTemplates': method(z.object({}).default({}), z.array(TemplateDto)),
  /** Creates (no id) or updates a saved template; a name another saved template has is a CONFLICT. */
  'broadcasts.saveTemplate': method(TemplateInput, TemplateDto),
  'broadcasts.deleteTemplate': method(z.object({ id: Id }), z.object({ deleted: z.number().int() })),
  /**
   * A recurring broadcast. Checked like broadcasts.create against today's targets (variables,
   * platform limits, and over `confirmOver` groups `confirmTargets` must repeat the count).
   */
  'broadcasts.createSchedule': method(
    // Recurring broadcasts are text only: a picture is refused rather than silently dropped.
    ScheduleDraft.extend({ rule: ScheduleRule, confirmTargets: z.number().int().optional(), imageId: z.undefined({ message: 'recurring broadcasts carry no picture' }).optional() }),
    ScheduleDto,
  ),
  'broadcasts.listSchedules': method(z.object({}).default({}), z.array(ScheduleDto)),
  /** Paused, nothing is created; resumed, it continues from the next occurrence after now (none is made up). */
  'broadcasts.setSchedulePaused': method(z.object({ id: Id, paused: z.boolean() }), ScheduleDto),
  /** The schedule goes; broadcasts it already created stay. */
  'broadcasts.deleteSchedule': method(z.object({ id: Id }), z.object({ deleted: z.number().int() })),
};

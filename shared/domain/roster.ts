import { z } from 'zod';

export const AUTO_TAGS = ['new', 'active', 'silent', 'at-risk', 'kol'] as const;
export const AutoTag = z.enum(AUTO_TAGS);
export type AutoTag = z.infer<typeof AutoTag>;

/**
 * The thresholds of the documented rules (handbook defaults). Every one is editable per
 * workspace; windows are in days, shares in percent.
 */
export const TagThresholds = z.object({
  newDays: z.number().int().min(1).max(365).default(7),
  activeWindowDays: z.number().int().min(1).max(365).default(14),
  activeMinMessages: z.number().int().min(1).max(10_000).default(3),
  activeMinDays: z.number().int().min(1).max(365).default(2),
  silentMinMemberDays: z.number().int().min(0).max(365).default(7),
  silentDays: z.number().int().min(1).max(365).default(30),
  atRiskRecentDays: z.number().int().min(1).max(90).default(7),
  atRiskPriorDays: z.number().int().min(1).max(365).default(28),
  atRiskTopPercent: z.number().min(1).max(100).default(25),
  kolWindowDays: z.number().int().min(1).max(365).default(30),
  kolTopPercent: z.number().min(0.1).max(100).default(5),
  kolMinPeople: z.number().int().min(1).max(10_000).default(3),
});
export type TagThresholds = z.output<typeof TagThresholds>;
export const DEFAULT_THRESHOLDS: TagThresholds = TagThresholds.parse({});

/** The six motives for joining a community (handbook): the built-in `motive` field's choices. */
export const MOTIVES = ['relationship', 'work', 'social', 'learning', 'promotion', 'life'] as const;

/** antd's preset colours: labels look like the tags operators already know. */
export const LABEL_COLORS = ['magenta', 'red', 'volcano', 'orange', 'gold', 'lime', 'green', 'cyan', 'blue', 'geekblue', 'purple'] as const;
export const LabelColor = z.enum(LABEL_COLORS);

export const LabelDto = z.object({ id: z.number().int(), name: z.string(), color: LabelColor, members: z.number().int() });
export type LabelDto = z.infer<typeof LabelDto>;

export const FieldDefDto = z.object({
  key: z.string(),
  /** Empty for built-in fields: the UI names them in the user's language. */
  label: z.string(),
  kind: z.enum(['text', 'choice']),
  options: z.array(z.string()),
  builtin: z.boolean(),
});
export type FieldDefDto = z.infer<typeof FieldDefDto>;

export const ActivityDto = z.object({
  messages: z.number().int(),
  firstMessageAt: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  n7: z.number().int(),
  n30: z.number().int(),
  n90: z.number().int(),
  days30: z.number().int(),
  repliesReceived: z.number().int(),
  repliesGiven: z.number().int(),
  mentionsReceived: z.number().int(),
  answersGiven: z.number().int(),
  threadsStarted: z.number().int(),
});
export type ActivityDto = z.infer<typeof ActivityDto>;

export const MemberTagDto = z.object({
  tag: AutoTag,
  groupId: z.number().int(),
  groupName: z.string(),
  source: z.enum(['auto', 'manual']),
  /** The numbers the rule saw (see tagging.service): the UI words them. */
  evidence: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});
export type MemberTagDto = z.infer<typeof MemberTagDto>;

/** One person (one platform identity) in the roster table. */
export const MemberRowDto = z.object({
  id: z.number().int(),
  platform: z.string(),
  platformUserId: z.string(),
  name: z.string(),
  groupCount: z.number().int(),
  /** Auto and manual tags, in the groups the list is filtered to (all groups otherwise). */
  tags: z.array(AutoTag),
  labelIds: z.array(z.number().int()),
  messages: z.number().int(),
  n30: z.number().int(),
  lastMessageAt: z.string().nullable(),
  firstSeenAt: z.string(),
  fields: z.record(z.string(), z.string()),
});
export type MemberRowDto = z.infer<typeof MemberRowDto>;

export const NoteDto = z.object({ id: z.number().int(), text: z.string(), createdAt: z.string() });
export type NoteDto = z.infer<typeof NoteDto>;

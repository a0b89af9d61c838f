import { z } from 'zod';
import { GroupType, LifecycleStage, Platform } from './enums';

const text = (max: number) => z.string().trim().max(max);

/**
 * A custom field key, used in broadcasts as {{group.<key>}}: 1–20 characters without braces,
 * whitespace or dots (they would end or split the variable), and not a built-in's name.
 */
export const CUSTOM_FIELD_KEY = /^(?!(?:name|city|owner)$)[^\s{}.]{1,20}$/u;
export const CUSTOM_FIELDS_MAX = 20;
export const CUSTOM_FIELD_VALUE_MAX = 200;

export const CustomFields = z
  .record(z.string().regex(CUSTOM_FIELD_KEY), z.string().trim().max(CUSTOM_FIELD_VALUE_MAX))
  .refine((o) => Object.keys(o).length <= CUSTOM_FIELDS_MAX, { message: `at most ${CUSTOM_FIELDS_MAX} custom fields` });

/** What a user may set on a group (create and edit share it). */
export const GroupInput = z.object({
  platform: Platform,
  name: z.string().trim().min(1).max(100),
  externalId: text(200).optional(),
  positioning: text(2000).default(''),
  audience: text(2000).default(''),
  groupType: GroupType,
  city: text(50).default(''),
  owner: text(100).default(''),
  capacity: z.number().int().min(1).max(100000).nullable().default(null),
  rules: text(10000).default(''),
  welcomeText: text(10000).default(''),
  lifecycleStage: LifecycleStage.default('planning'),
  /** Left out: an update keeps the group's custom fields as they are. */
  customFields: CustomFields.optional(),
});
export type GroupInput = z.input<typeof GroupInput>;
export type GroupInputParsed = z.output<typeof GroupInput>;

export const GroupDto = z.object({
  id: z.number().int(),
  platform: Platform,
  externalId: z.string().nullable(),
  name: z.string(),
  positioning: z.string(),
  audience: z.string(),
  groupType: GroupType,
  city: z.string(),
  owner: z.string(),
  capacity: z.number().int().nullable(),
  rules: z.string(),
  welcomeText: z.string(),
  lifecycleStage: LifecycleStage,
  customFields: z.record(z.string(), z.string()),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  memberCount: z.number().int(),
  messageCount: z.number().int(),
  lastMessageAt: z.string().nullable(),
});
export type GroupDto = z.infer<typeof GroupDto>;

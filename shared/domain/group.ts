import { z } from 'zod';
import { GroupType, LifecycleStage, Platform } from './enums';

const text = (max: number) => z.string().trim().max(max);

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
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  memberCount: z.number().int(),
  messageCount: z.number().int(),
  lastMessageAt: z.string().nullable(),
});
export type GroupDto = z.infer<typeof GroupDto>;

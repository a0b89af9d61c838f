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

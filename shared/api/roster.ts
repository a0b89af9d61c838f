import { z } from 'zod';
import { TagThresholds } from '../domain/roster';
import { method } from './define';

const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });
const TagCounts = z.object({ new: z.number().int(), active: z.number().int(), silent: z.number().int(), 'at-risk': z.number().int(), kol: z.number().int() });

export const rosterApi = {
  /** The workspace's tag thresholds (the documented defaults until edited). */
  'roster.thresholds': method(z.object({}).default({}), TagThresholds),
  'roster.setThresholds': method(z.object({ thresholds: TagThresholds }), TagThresholds),
  /** "With these thresholds, 312 members would be silent": counts without storing anything. */
  'roster.previewTags': method(z.object({ thresholds: TagThresholds, asOf: IsoDate.optional() }), TagCounts),
  /** Re-evaluates every rule (as of now, or a past date) and stores the tags with their evidence. */
  'roster.retag': method(z.object({ asOf: IsoDate.optional() }).default({}), z.object({ counts: TagCounts, asOf: z.string() })),
};

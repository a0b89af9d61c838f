import { z } from 'zod';
import { GroupClass, GroupType, LifecycleStage, Platform } from './enums';
import { AutoTag } from './roster';

const Id = z.number().int().positive();
const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });
const Ids = z.array(Id).min(1).max(5000);

export const ACTIVITY_METRICS = ['messages', 'n7', 'n30', 'n90', 'days30', 'repliesReceived', 'repliesGiven', 'mentionsReceived', 'answersGiven', 'threadsStarted'] as const;
export const ActivityMetric = z.enum(ACTIVITY_METRICS);
export type ActivityMetric = z.infer<typeof ActivityMetric>;

/**
 * One condition on a member. `groupIds` narrows a rule to some groups (a KOL *of this group*,
 * active *in these groups*); without it any group counts. `negate` turns "has" into "has not".
 */
export const MemberRule = z.discriminatedUnion('field', [
  z.object({ field: z.literal('tag'), tags: z.array(AutoTag).min(1), groupIds: Ids.optional(), negate: z.boolean().optional() }),
  z.object({ field: z.literal('label'), labelIds: Ids, negate: z.boolean().optional() }),
  /** A current member of any of these groups (or, with `includeLeft`, ever a member). */
  z.object({ field: z.literal('group'), groupIds: Ids, includeLeft: z.boolean().optional(), negate: z.boolean().optional() }),
  z.object({ field: z.literal('platform'), platforms: z.array(Platform).min(1) }),
  z.object({ field: z.literal('field'), key: z.string().min(1).max(40), op: z.enum(['eq', 'contains', 'empty', 'notEmpty']), value: z.string().max(500).optional() }),
  /** Activity across groups (or in `groupIds`, summed). */
  z.object({ field: z.literal('activity'), metric: ActivityMetric, op: z.enum(['gte', 'lte']), value: z.number().int().min(0), groupIds: Ids.optional() }),
  z.object({ field: z.literal('lastMessage'), op: z.enum(['after', 'before', 'never']), date: IsoDate.optional() }),
  /** Joined (or left) any of `groupIds` (any group without it) after/before a date. */
  z.object({ field: z.literal('joined'), op: z.enum(['after', 'before']), date: IsoDate, groupIds: Ids.optional() }),
  z.object({ field: z.literal('left'), op: z.enum(['after', 'before', 'any']), date: IsoDate.optional(), groupIds: Ids.optional() }),
]);
export type MemberRule = z.infer<typeof MemberRule>;

export const GroupRule = z.discriminatedUnion('field', [
  z.object({ field: z.literal('platform'), platforms: z.array(Platform).min(1) }),
  z.object({ field: z.literal('type'), types: z.array(GroupType).min(1) }),
  z.object({ field: z.literal('city'), op: z.enum(['eq', 'contains']), value: z.string().max(50) }),
  z.object({ field: z.literal('class'), classes: z.array(GroupClass).min(1) }),
  z.object({ field: z.literal('stage'), stages: z.array(LifecycleStage).min(1) }),
  z.object({ field: z.literal('name'), contains: z.string().min(1).max(100) }),
  z.object({ field: z.literal('members'), op: z.enum(['gte', 'lte']), value: z.number().int().min(0) }),
  z.object({ field: z.literal('ids'), groupIds: Ids }),
]);
export type GroupRule = z.infer<typeof GroupRule>;

/** AND/OR over rules and nested conditions (up to three levels: a UI builds one or two). */
export interface Condition<R> {
  op: 'and' | 'or';
  rules: (R | Condition<R>)[];
}
export type MemberCondition = Condition<MemberRule>;
export type GroupCondition = Condition<GroupRule>;

function condition<R extends z.ZodType>(rule: R, depth: number): z.ZodType<Condition<z.infer<R>>> {
  const child: z.ZodType = depth > 1 ? z.union([rule, z.lazy(() => condition(rule, depth - 1))]) : rule;
  return z.object({ op: z.enum(['and', 'or']), rules: z.array(child).max(50) }) as never;
}
export const MemberCondition = condition(MemberRule, 3);
export const GroupCondition = condition(GroupRule, 3);

export const isCondition = <R>(x: R | Condition<R>): x is Condition<R> => typeof x === 'object' && x !== null && 'op' in x && 'rules' in x;

export const SegmentDefinition = z.discriminatedUnion('target', [
  z.object({ target: z.literal('members'), condition: MemberCondition }),
  z.object({ target: z.literal('groups'), condition: GroupCondition }),
]);
export type SegmentDefinition = z.infer<typeof SegmentDefinition>;

export const SegmentDto = z.object({
  id: z.number().int(),
  name: z.string(),
  definition: SegmentDefinition,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SegmentDto = z.infer<typeof SegmentDto>;

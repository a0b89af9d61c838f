import { z } from 'zod';
import { SegmentDefinition, SegmentDto } from '../domain/segment';
import { method } from './define';

const Id = z.number().int().positive();

/** Saved filters over members or groups, used by the roster, the groups list, the inbox and broadcasts. */
export const segmentsApi = {
  'segments.list': method(z.object({ target: z.enum(['members', 'groups']).optional() }).default({}), z.array(SegmentDto)),
  'segments.save': method(z.object({ id: Id.optional(), name: z.string().trim().min(1).max(60), definition: SegmentDefinition }), SegmentDto),
  'segments.delete': method(z.object({ id: Id }), z.object({ ok: z.literal(true) })),
  /** Live count while a segment is being built (nothing stored). */
  'segments.count': method(z.object({ definition: SegmentDefinition }), z.object({ count: z.number().int() })),
};

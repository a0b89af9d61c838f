import { z } from 'zod';
import { GroupDto, GroupInput } from '../domain/group';
import { GroupType, LifecycleStage, Platform } from '../domain/enums';
import { method } from './define';

export const ListGroupsReq = z.object({
  query: z.string().max(100).optional(),
  platforms: z.array(Platform).max(20).optional(),
  groupTypes: z.array(GroupType).max(2).optional(),
  stages: z.array(LifecycleStage).max(10).optional(),
  /** 'active' (default) hides archived groups; 'archived' shows only them. */
  archived: z.enum(['active', 'archived', 'all']).default('active'),
  /** Only the groups a saved group segment selects (segments.list {target: 'groups'}). */
  segmentId: z.number().int().positive().optional(),
});
export type ListGroupsReq = z.input<typeof ListGroupsReq>;

const GroupId = z.object({ id: z.number().int().positive() });

export const groupsApi = {
  'groups.list': method(ListGroupsReq, z.array(GroupDto)),
  'groups.get': method(GroupId, GroupDto),
  'groups.create': method(z.object({ input: GroupInput }), GroupDto),
  'groups.update': method(z.object({ id: z.number().int().positive(), input: GroupInput }), GroupDto),
  'groups.archive': method(GroupId, GroupDto),
  'groups.unarchive': method(GroupId, GroupDto),
};

import type { ListGroupsReq } from '../../../shared/api/groups';
import type { GroupType, LifecycleStage, Platform } from '../../../shared/domain/enums';

export type ArchivedScope = 'active' | 'archived' | 'all';

export interface GroupFilters {
  query: string;
  platforms: Platform[];
  groupTypes: GroupType[];
  stages: LifecycleStage[];
  archived: ArchivedScope;
}

export const EMPTY_FILTERS: GroupFilters = { query: '', platforms: [], groupTypes: [], stages: [], archived: 'active' };

/** The `groups.list` request for these filters; empty ones are left out rather than sent as []. */
export function toListRequest(f: GroupFilters): ListGroupsReq {
  const req: ListGroupsReq = { archived: f.archived };
  const query = f.query.trim();
  if (query) req.query = query.slice(0, 100);
  if (f.platforms.length) req.platforms = f.platforms;
  if (f.groupTypes.length) req.groupTypes = f.groupTypes;
  if (f.stages.length) req.stages = f.stages;
  return req;
}

/** True when the list may be empty because of the filters rather than because there are no groups. */
export function hasFilters(f: GroupFilters): boolean {
  return !!f.query.trim() || f.platforms.length > 0 || f.groupTypes.length > 0 || f.stages.length > 0 || f.archived !== 'active';
}

import type { WorkspaceDto } from '../../../shared/domain/workspace';

export function isEmptyWorkspace(ws: WorkspaceDto): boolean {
  return ws.counts.groups === 0 && ws.counts.members === 0 && ws.counts.messages === 0;
}

/**
 * Whether the demo can be loaded. With a fixed --db file the core cannot create a new
 * workspace, but it can fill the current one while it is still empty.
 */
export function canLoadDemo(ws: WorkspaceDto): boolean {
  return !ws.fixed || isEmptyWorkspace(ws);
}

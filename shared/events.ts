import type { GroupDto } from './domain/group';
import type { SettingsDto, WorkspaceDto } from './domain/workspace';

/** Push events from the core. Every subscription returns an unsubscribe. */
export interface ImportProgressEvent {
  jobId: string;
  phase: 'running' | 'finished';
  messages: number;
  events: number;
  bytesRead: number;
  totalBytes: number;
  /** Present when phase is 'finished'. */
  result?: import('./api/imports').ImportResultDto;
}

export interface Events {
  'workspace.changed': WorkspaceDto;
  'settings.changed': SettingsDto;
  'groups.changed': { group: GroupDto };
  'import.progress': ImportProgressEvent;
  /**
   * Messages were added or their read/star/spam state changed. `groupIds` null means "any".
   * The inbox refetches what is above the reader (newer pages) and the sidebar counters.
   */
  'inbox.changed': { groupIds: number[] | null; reason: 'ingest' | 'import' | 'mark' | 'flag' | 'pin' };
  /** Tags, labels or fields changed (a re-tag, an override, a bulk action, an import of fields). */
  'roster.changed': { reason: 'retag' | 'tags' | 'labels' | 'fields' };
  /** A broadcast or one of its targets changed (created, sent, failed, ticked by hand, cancelled). */
  'broadcast.progress': { broadcastId: number };
}
export type EventName = keyof Events;
export const EVENT_NAMES: EventName[] = ['workspace.changed', 'settings.changed', 'groups.changed', 'import.progress', 'inbox.changed', 'roster.changed', 'broadcast.progress'];

export type Unsubscribe = () => void;

/** What the renderer sees, whatever the transport: exactly call and on. */
export interface QunzhuTransport {
  call(method: string, params: unknown): Promise<import('./errors').Envelope<unknown>>;
  on(listener: (event: EventName, payload: unknown) => void): Unsubscribe;
}

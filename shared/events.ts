import type { GroupDto } from './domain/group';
import type { SettingsDto, WorkspaceDto } from './domain/workspace';
import type { GroupClass } from './domain/enums';
import type { AutoTag } from './domain/roster';

/** Push events from the core. Every subscription returns an unsubscribe. */
export interface ImportProgressEvent {
  jobId: string;
  /** 'waiting': another import into the same workspace runs first (this one starts when it ends). */
  phase: 'waiting' | 'running' | 'finished';
  messages: number;
  events: number;
  bytesRead: number;
  totalBytes: number;
  /** Present when phase is 'finished'. */
  result?: import('./api/imports').ImportResultDto;
}

/**
 * The re-tag job's phases, in the order they run: member tags and group classes are computed
 * first (reads only), then activity is rebuilt and everything is stored in one transaction.
 */
export const RETAG_PHASES = ['tags', 'classes', 'activity'] as const;
export type RetagPhase = (typeof RETAG_PHASES)[number];

/** What a finished re-tag stored (also what `roster.retag` returns). */
export interface RetagResultDto {
  counts: Record<AutoTag, number>;
  classes: Record<GroupClass, number>;
  asOf: string;
}

export interface RetagProgressEvent {
  jobId: string;
  phase: RetagPhase;
  /** Steps of this phase finished, of `total`. */
  done: number;
  total: number;
  /** 'cancelled' and 'failed' mean nothing was stored. */
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** Present when status is 'done'. */
  result?: RetagResultDto;
  /** Present when status is 'failed'. */
  error?: string;
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
  /** A re-tag job moved on (at least once per phase), then ended: done (followed by 'roster.changed'), failed or cancelled. */
  'roster.retagProgress': RetagProgressEvent;
  /** A broadcast or one of its targets changed (created, sent, failed, ticked by hand, cancelled). */
  'broadcast.progress': { broadcastId: number };
  /**
   * A calendar entry's slot came and its broadcast was made with groups to send by hand or for
   * their owners to confirm: the checklist is due now (a desktop notification in the app, a toast
   * and a badge in browser mode).
   */
  'calendar.reminder': CalendarReminderEvent;
}

export interface CalendarReminderEvent {
  entryId: number;
  broadcastId: number;
  /** The column's name (or the playbook's), and the entry's title. */
  columnName: string;
  title: string;
  at: string;
  /** Targets waiting for a hand: to send and tick (manual) and for owners to confirm. */
  manual: number;
  ownerConfirm: number;
}
export type EventName = keyof Events;
export const EVENT_NAMES: EventName[] = ['workspace.changed', 'settings.changed', 'groups.changed', 'import.progress', 'inbox.changed', 'roster.changed', 'roster.retagProgress', 'broadcast.progress', 'calendar.reminder'];

export type Unsubscribe = () => void;

/** What the renderer sees, whatever the transport: exactly call and on. */
export interface QunzhuTransport {
  call(method: string, params: unknown): Promise<import('./errors').Envelope<unknown>>;
  on(listener: (event: EventName, payload: unknown) => void): Unsubscribe;
}

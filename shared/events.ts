import type { GroupDto } from './domain/group';
import type { SettingsDto, WorkspaceDto } from './domain/workspace';

/** Push events from the core. Every subscription returns an unsubscribe. */
export interface Events {
  'workspace.changed': WorkspaceDto;
  'settings.changed': SettingsDto;
  'groups.changed': { group: GroupDto };
}
export type EventName = keyof Events;
export const EVENT_NAMES: EventName[] = ['workspace.changed', 'settings.changed', 'groups.changed'];

export type Unsubscribe = () => void;

/** What the renderer sees, whatever the transport: exactly call and on. */
export interface QunzhuTransport {
  call(method: string, params: unknown): Promise<import('./errors').Envelope<unknown>>;
  on(listener: (event: EventName, payload: unknown) => void): Unsubscribe;
}

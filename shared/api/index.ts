import type { z } from 'zod';
import { groupsApi } from './groups';
import { workspaceApi } from './workspace';
import { importsApi } from './imports';
import { inboxApi } from './inbox';
import { rosterApi } from './roster';
import { segmentsApi } from './segments';
import { connectionsApi } from './connections';
import { broadcastsApi } from './broadcasts';
import { casesApi } from './cases';
import { calendarApi, playbooksApi } from './calendar';

/**
 * The whole contract: one map of `area.verbNoun` methods. Both transports and the core's
 * handler registry are typed from this object, so a method added here without a handler
 * fails the type check.
 */
export const contract = {
  ...workspaceApi,
  ...groupsApi,
  ...importsApi,
  ...inboxApi,
  ...rosterApi,
  ...segmentsApi,
  ...connectionsApi,
  ...broadcastsApi,
  ...casesApi,
  ...calendarApi,
  ...playbooksApi,
};

export type Contract = typeof contract;
export type Method = keyof Contract;
/** What a caller passes (defaults may be omitted). */
export type Req<M extends Method> = z.input<Contract[M]['req']>;
/** What a handler receives after validation (defaults filled). */
export type ParsedReq<M extends Method> = z.output<Contract[M]['req']>;
export type Res<M extends Method> = z.output<Contract[M]['res']>;

export const METHODS = Object.keys(contract) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './groups';
export * from './imports';
export * from './inbox';
export * from './roster';
export * from './segments';
export * from './connections';
export * from './broadcasts';
export * from './cases';
export * from './calendar';
export * from './define';

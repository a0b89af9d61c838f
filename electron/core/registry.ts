/**
 * The handler table. `Handlers` has one entry per contract method, so a method added to the
 * contract without a handler fails `tsc`; `mergeHandlers` refuses two areas that claim the
 * same name when the core starts.
 */
import type { Locale } from '../../shared/domain/enums';
import type { AppInfoDto } from '../../shared/domain/workspace';
import type { Events, EventName } from '../../shared/events';
import type { Method, ParsedReq, Res } from '../../shared/api';
import type { Db } from './db/open';
import type { ServiceDeps } from './service-deps';
import type { Vault } from './secrets';
import type { Outbox } from './broadcasts';
import type { BroadcastScheduler } from './broadcasts';
import type { SettingsStore } from './settings';
import type { Workspaces } from './workspace';
import type { ImportJobs } from './imports';
import type { RetagJobs } from './roster';
import type { TagPreviews } from './roster';
import type { DocumentRenderer } from './files/headless-chromium';

export interface Ctx {
  /** What services take first (db, locale, clock), made once per call. */
  readonly deps: ServiceDeps;
  readonly db: Db;
  readonly locale: Locale;
  now(): number;
  readonly workspaces: Workspaces;
  readonly settings: SettingsStore;
  readonly app: AppInfoDto;
  readonly jobs: ImportJobs;
  /** The roster job (one at a time) and the tag-rules preview, each in a worker thread. */
  readonly retagJobs: RetagJobs;
  /** Starts (or queues) the roster job after the data changed, as of now. */
  readonly refreshRoster: () => void;
  readonly tagPreviews: TagPreviews;
  /** better-sqlite3's binding for the workers' own connections (the app's Electron build), if not Node's. */
  readonly nativeBinding: string | undefined;
  /** The current workspace's secrets (its key file sits beside its database). */
  vault(): Vault;
  /** The current workspace's broadcast outbox, when this core sends (the app, browser mode); null otherwise. */
  outbox(): Outbox | null;
  /** The current workspace's recurring-broadcast scheduler, beside the outbox; null when the outbox is off. */
  scheduler(): BroadcastScheduler | null;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** PDFs and long images of exported documents (Electron's in the app, headless Chromium otherwise). */
  readonly documentRenderer: DocumentRenderer;
  /** The desktop app's import file picker (null in browser mode and the CLI). */
  readonly pickImportFile: (() => Promise<string | null>) | null;
}

export type Handler<M extends Method> = (req: ParsedReq<M>, ctx: Ctx) => Res<M> | Promise<Res<M>>;
export type Handlers = { [M in Method]: Handler<M> };
/** The handlers of one area, e.g. AreaHandlers<'groups.'>. */
export type AreaHandlers<P extends string> = { [M in Method as M extends `${P}${string}` ? M : never]: Handler<M> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export function mergeHandlers<T extends object[]>(...parts: T): UnionToIntersection<T[number]> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, fn] of Object.entries(part)) {
      if (name in out) throw new Error(`duplicate handler for contract method "${name}"`);
      out[name] = fn;
    }
  }
  return out as UnionToIntersection<T[number]>;
}

import path from 'node:path';
import { contract, isMethod, type Method } from '../../shared/api';
import { AppError, type Envelope } from '../../shared/errors';
import type { EventName, Events, Unsubscribe } from '../../shared/events';
import { systemClock, type Clock } from './clock';
import { appError, validationError } from './i18n/messages';
import { mergeHandlers, type Ctx, type Handlers } from './registry';
import { groupsHandlers } from './groups';
import { importsHandlers } from './imports';
import { inboxHandlers, searchHandlers } from './inbox';
import { rosterHandlers } from './roster';
import { segmentsHandlers } from './segments';
import { ImportJobs } from './imports';
import { RetagJobs } from './roster';
import { TagPreviews } from './roster';
import { appHandlers, settingsHandlers, workspaceHandlers } from './workspace';
import { memorySettings, type SettingsStore } from './settings';
import { Workspaces } from './workspace';
import { log } from './log';
import { connectionsHandlers } from './connections';
import { Vault, type KeyProtector } from './secrets';
import { broadcastsHandlers } from './broadcasts';
import { Outbox } from './broadcasts';
import { BroadcastScheduler } from './broadcasts';
import { calendarHandlers, calendarNextDue, calendarReminderFor, calendarRunDue, recurringHandlers } from './calendar';
import { robotChannel } from './connections';
import { casesHandlers } from './cases';
import { renderHtml, type DocumentRenderer } from './files/headless-chromium';
import { dbAppError } from './db/db-errors';
import { isReadOnlyError } from './db/sqlite-errors';
import { t } from './i18n/messages';

export const APP_VERSION = '0.1.0';

export interface CoreOptions {
  /** Managed workspaces under this folder... */
  dataDir?: string;
  /** ...or one fixed database file. */
  dbPath?: string;
  clock?: Clock;
  settings?: SettingsStore;
  nativeBinding?: string;
  /** Reported by app.info. */
  transport?: 'electron' | 'bridge' | 'in-process';
  /** How each workspace's data key is kept: safeStorage in the app; a 0600 file otherwise. */
  keyProtector?: KeyProtector;
  /** Run the broadcast outbox (the app and browser mode); one-off CLI commands leave it off. */
  outbox?: boolean;
  /** PDF/PNG exports: the app passes Electron's (no system Chromium needed); headless Chromium by default. */
  documentRenderer?: DocumentRenderer;
  /** Calls that take at least this long are named in the log (default 1,000 ms). */
  slowCallMs?: number;
  /** The desktop app's own file picker for imports (opens in the last import folder); absent in browser mode. */
  pickImportFile?: () => Promise<string | null>;
  /** Workspace files larger than this are checked (quick_check) in a worker thread when they open; see Workspaces. */
  syncCheckBytes?: number;
  /** An interrupted import that left more messages than this is rolled back in a worker (see Workspaces). */
  syncRollbackMessages?: number;
  /** How long the workspace connection waits for another writer's lock (default 5 s; `qunzhu import` waits longer). */
  busyTimeoutMs?: number;
}

/** Thrown inside a call that needs the workspace writable while its check on open still runs. */
class AwaitCheck extends Error {}

export type CoreListener = (event: EventName, payload: unknown) => void;

export interface Core {
  /** Never throws: every outcome is an envelope. */
  call(method: string, params: unknown): Promise<Envelope<unknown>>;
  on(listener: CoreListener): Unsubscribe;
  close(): void;
  readonly workspaces: Workspaces;
}

const handlers: Handlers = mergeHandlers(appHandlers, settingsHandlers, workspaceHandlers, groupsHandlers, importsHandlers, inboxHandlers, searchHandlers, rosterHandlers, segmentsHandlers, connectionsHandlers, broadcastsHandlers, casesHandlers, calendarHandlers, recurringHandlers);

/**
 * The core: plain Node, no Electron. Both transports (IPC in the app, the loopback bridge in
 * browser mode and tests) and the CLI call into this one object.
 */
export function createCore(opts: CoreOptions): Core {
  const clock = opts.clock ?? systemClock;
  const settings = opts.settings ?? memorySettings();
  const locale = () => settings.get().locale;
  let closed = false;
  const workspaces = new Workspaces({
    settings,
    now: () => clock.now(),
    locale,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.dbPath ? { dbPath: opts.dbPath } : {}),
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    ...(opts.keyProtector ? { keyProtector: opts.keyProtector } : {}),
    ...(opts.syncCheckBytes !== undefined ? { syncCheckBytes: opts.syncCheckBytes } : {}),
    ...(opts.busyTimeoutMs !== undefined ? { busyTimeoutMs: opts.busyTimeoutMs } : {}),
    ...(opts.syncRollbackMessages !== undefined ? { syncRollbackMessages: opts.syncRollbackMessages } : {}),
    // A background rollback's progress reaches the renderer as the workspace it changes.
    onChange: () => {
      if (!closed) emit('workspace.changed', workspaces.info());
    },
  });
  // One vault per workspace file, so its data key is read once.
  const vaults = new Map<string, Vault>();
  const vaultOf = (dbPath: string) => {
    let v = vaults.get(dbPath);
    if (!v) vaults.set(dbPath, (v = Vault.beside(dbPath, opts.keyProtector)));
    return v;
  };
  // The outbox and the recurring-broadcast scheduler follow the current workspace: a switch stops
  // the old ones and starts the new ones.
  let outbox: { path: string; box: Outbox; scheduler: BroadcastScheduler } | null = null;
  const sendersNow = (): { box: Outbox; scheduler: BroadcastScheduler } | null => {
    if (!opts.outbox) return null;
    const dbPath = workspaces.dbPath;
    if (outbox?.path === dbPath) return outbox;
    if (outbox) {
      void outbox.box.stop();
      outbox.scheduler.stop();
      outbox = null;
    }
    // A damaged workspace is read-only: nothing is sent from it (sending writes each step first).
    if (workspaces.damaged) return null;
    const db = workspaces.db;
    const box = new Outbox({
      db,
      now: () => clock.now(),
      channelFor: (id) => robotChannel({ db, locale: locale(), now: () => clock.now(), vault: vaultOf(dbPath) }, id),
      onChange: (broadcastId) => emit('broadcast.progress', { broadcastId }),
    });
    const scheduler = new BroadcastScheduler({
      deps: () => ({ db, locale: locale(), now: () => clock.now() }),
      sources: [{ name: 'calendar', run: calendarRunDue, next: calendarNextDue }],
      onCreated: (broadcastId) => {
        emit('broadcast.progress', { broadcastId });
        box.kick();
        // A slot whose groups are sent by hand or confirmed by owners: their checklist is due now.
        try {
          const r = calendarReminderFor({ db, locale: locale(), now: () => clock.now() }, broadcastId);
          if (r) emit('calendar.reminder', r);
        } catch (e) {
          log.error('calendar reminder failed', e);
        }
      },
    });
    outbox = { path: dbPath, box, scheduler };
    box.start();
    scheduler.start();
    return outbox;
  };
  const outboxNow = (): Outbox | null => sendersNow()?.box ?? null;
  const schedulerNow = (): BroadcastScheduler | null => sendersNow()?.scheduler ?? null;
  const listeners = new Set<CoreListener>();
  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const l of [...listeners]) {
      try {
        l(event, payload);
      } catch (e) {
        log.error('event listener failed', e);
      }
    }
  };
  const retagJobs = new RetagJobs((e) => {
    emit('roster.retagProgress', e);
    if (e.status === 'done') emit('roster.changed', { reason: 'retag' });
  });
  // New messages move activity, tags and classes: the roster job follows every change of data.
  const refreshRoster = () => retagJobs.refresh(() => ({ dbPath: workspaces.dbPath, asOf: clock.now(), ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) }));
  const jobs = new ImportJobs((e) => {
    emit('import.progress', e);
    // A finished import changes what the workspace holds: counts and lists refresh.
    if (e.phase === 'finished' && e.result?.summary && e.result.status === 'done') {
      emit('workspace.changed', workspaces.info());
      emit('inbox.changed', { groupIds: null, reason: 'import' });
      const s = e.result.summary;
      if (s.messagesAdded + s.membersAdded + s.events > 0) refreshRoster();
    }
  });
  const tagPreviews = new TagPreviews();
  const app = { version: APP_VERSION, transport: opts.transport ?? 'in-process', dataDir: opts.dataDir ?? (opts.dbPath ? path.dirname(path.resolve(opts.dbPath)) : ''), platform: process.platform, settingsSetAside: settings.recovered?.setAside ?? null, filePicker: !!opts.pickImportFile };

  // A call that keeps the user waiting is named in the log (its name only, never its request), so a
  // stalled disk or a slow query shows up where support and the e2e failure reports can see it.
  const logIfSlow = (method: string, started: number) => {
    const ms = performance.now() - started;
    if (ms >= (opts.slowCallMs ?? 1000)) log.info(`${method} took ${Math.round(ms)} ms`);
  };

  // A damaged workspace is open read-only, and the jobs that open their own connection to it for
  // writing (imports, the roster job) are refused before they start; reading jobs still run.
  // While a large file's check runs, those jobs wait for it (see call).
  const readOnlyError = (loc: ReturnType<typeof locale>) => new AppError('DB_CORRUPT', t(loc, 'db.readOnlyDamaged', { path: workspaces.dbPath }));
  const guardedJobs = (loc: ReturnType<typeof locale>): Pick<Ctx, 'jobs' | 'retagJobs' | 'refreshRoster'> => {
    if (workspaces.checking) {
      const wait = () => {
        throw new AwaitCheck();
      };
      const later = (f: () => void) => void workspaces.ready.then(() => closed || workspaces.damaged || f());
      return {
        jobs: Object.assign(Object.create(jobs) as ImportJobs, { start: wait }),
        retagJobs: Object.assign(Object.create(retagJobs) as RetagJobs, { start: wait, refresh: (input: Parameters<RetagJobs['refresh']>[0]) => later(() => retagJobs.refresh(input)) }),
        refreshRoster: () => later(refreshRoster),
      };
    }
    if (!workspaces.damaged) return { jobs, retagJobs, refreshRoster };
    const refuse = () => {
      throw readOnlyError(loc);
    };
    return { jobs: Object.assign(Object.create(jobs) as ImportJobs, { start: refuse }), retagJobs: Object.assign(Object.create(retagJobs) as RetagJobs, { start: refuse, refresh: () => {} }), refreshRoster: () => {} };
  };

  // While a large workspace file is checked in its worker (quick_check takes seconds at millions of
  // messages) the connection is read-only, so reading calls run at once: the inbox is usable while
  // the check runs. A call that writes fails on that connection before it changes anything (or asks
  // for a writing job); it waits for the check and runs again, on the writable connection (or is
  // refused as damaged). A connection closed under a call as the check hands over is the same case.
  const mustWaitForCheck = (e: unknown) => e instanceof AwaitCheck || isReadOnlyError(e) || (e instanceof TypeError && /database connection is not open/.test(e.message));

  async function call(method: string, params: unknown): Promise<Envelope<unknown>> {
    const loc = locale();
    if (!isMethod(method)) return { ok: false, error: appError(loc, 'UNKNOWN_METHOD', { method: String(method).slice(0, 100) }).toDto() };
    const spec = contract[method];
    const parsed = spec.req.safeParse(params ?? {});
    if (!parsed.success) return { ok: false, error: validationError(loc, parsed.error).toDto() };
    const handler = handlers[method] as (req: unknown, ctx: Ctx) => unknown;
    const now = () => clock.now();
    const run = () => {
      const db = workspaces.db;
      const ctx: Ctx = { deps: { db, locale: loc, now }, db, locale: loc, now, workspaces, settings, app, emit, ...guardedJobs(loc), tagPreviews, nativeBinding: opts.nativeBinding, vault: () => vaultOf(workspaces.dbPath), outbox: outboxNow, scheduler: schedulerNow, documentRenderer: opts.documentRenderer ?? renderHtml, pickImportFile: opts.pickImportFile ?? null };
      return handler(parsed.data, ctx);
    };
    const started = performance.now();
    try {
      let value: unknown;
      if (!workspaces.checking) value = await run();
      else {
        try {
          value = await run();
        } catch (e) {
          if (!mustWaitForCheck(e)) throw e;
          await workspaces.ready;
          value = await run();
        }
      }
      if (opts.outbox && outbox?.path !== workspaces.dbPath) {
        if (workspaces.checking) void workspaces.ready.then(() => closed || outboxNow());
        else outboxNow();
      }
      return { ok: true, value };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toDto() };
      log.error(`${method as Method} failed`, e);
      // SQLite's own failures in the user's words: a write refused in a damaged (read-only) workspace,
      // damage met while reading, a lock held too long by another writer.
      if (workspaces.damaged && isReadOnlyError(e)) return { ok: false, error: readOnlyError(loc).toDto() };
      const mapped = dbAppError(loc, e, workspaces.dbPath);
      if (mapped) return { ok: false, error: mapped.toDto() };
      return { ok: false, error: appError(loc, 'INTERNAL').toDto() };
    } finally {
      logIfSlow(method, started);
    }
  }

  // Sending resumes with the app: whatever is due goes, what a crash interrupted becomes uncertain,
  // and recurring broadcasts that fell due while it was closed are made (the latest of each).
  // After the workspace's check on open (at once for a small file): a damaged one sends nothing.
  // The renderer hears what a background check found (a damaged file) when it is done.
  if (!workspaces.checking) sendersNow();
  else
    void workspaces.ready.then(() => {
      if (closed) return;
      sendersNow();
      emit('workspace.changed', workspaces.info());
    });

  return {
    call,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      if (outbox) {
        void outbox.box.stop();
        outbox.scheduler.stop();
      }
      outbox = null;
      void jobs.closeAll();
      void retagJobs.closeAll();
      tagPreviews.closeAll();
      listeners.clear();
      workspaces.close();
    },
    workspaces,
  };
}

import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from '../../../shared/domain/enums';
import type { RecoveredCopyDto, WorkspaceDamage, WorkspaceDto, WorkspaceSummary } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import { appError, t } from '../i18n/messages';
import { migrate, schemaVersion } from '../db/migrate';
import { openDatabase, type Db } from '../db/open';
import { quickCheck, type RecoveryResult } from '../db/integrity';
import { isCorruptionError } from '../db/sqlite-errors';
import { startOneShot } from '../jobs/worker-entry';
import type { DbCheckInput } from '../jobs/db-check.worker';
import { fileStamp } from '../clock';
import { log } from '../log';
import { makePrivate, privateDir } from '../private-files';
import { getMeta, setMeta, workspaceCounts } from '../db/meta.repo';
import { seedDemo } from '../demo/demo-workspace';
import { Vault, type KeyProtector } from '../secrets';
import { hasRunningImport, interruptedImportMessages, recoverInterruptedImports, type RollbackProgress } from '../imports';
import { ensureMessageIndexes } from '../inbox';
import type { SettingsStore } from '../settings';

export interface WorkspaceOptions {
  /** Managed mode: workspaces live in <dataDir>/workspaces/<id>/qunzhu.db. */
  dataDir?: string;
  /** Fixed mode: exactly this file (CLI --db, tests). */
  dbPath?: string;
  settings: SettingsStore;
  now: () => number;
  locale: () => Locale;
  nativeBinding?: string;
  /** How a workspace's data key is kept (the demo's robots are sealed like real ones). */
  keyProtector?: KeyProtector;
  /**
   * Files up to this size (with their WAL) are checked with quick_check on the opening thread before
   * anything is written (measured: ~0.5-0.9 s for 100 MB, so ~5-10 ms per MB); larger ones in a worker
   * thread meanwhile, and `ready` settles when it is done. Default 32 MB.
   */
  syncCheckBytes?: number;
  /** Passed to openDatabase for the workspace's writable connection. */
  busyTimeoutMs?: number;
  /**
   * An import a crash interrupted is rolled back on open: at once when it left up to this many
   * messages (default 20,000, well under a second), otherwise in a worker thread meanwhile, with
   * progress in `info().rollingBack` (and `onChange` called at each step) and `ready` settling after.
   */
  syncRollbackMessages?: number;
  /** Called when what info() says changes by itself (a background rollback's progress). */
  onChange?: () => void;
}

const DB_FILE = 'qunzhu.db';
const SYNC_CHECK_BYTES = 32 * 1024 * 1024;
const SYNC_ROLLBACK_MESSAGES = 20_000;

interface Current {
  id: string;
  path: string;
  db: Db;
  /** Set when the check on open found damage: `db` is then read-only. */
  damaged: WorkspaceDamage | null;
}

interface Opened {
  db: Db;
  damaged: WorkspaceDamage | null;
  /** An interrupted import too large to roll back on the opening thread is left for the rollback worker. */
  rollback?: boolean;
}

const fileSize = (p: string): number => {
  try {
    return fs.statSync(p).size;
  } catch {
    return 0;
  }
};

/** Runs the check worker (quick_check, or a recovered copy) on its own read-only connection. */
function inWorker<T, P = never>(input: DbCheckInput, onProgress?: (p: P) => void): Promise<T> {
  return startOneShot<T, P>('db-check-worker.cjs', 'db-check.worker.ts', input, onProgress).result;
}

/**
 * Owns the open workspace database. In managed mode the user can create and switch
 * workspaces (each its own SQLite file); in fixed mode (--db) the file is the workspace.
 *
 * Every file is checked (PRAGMA quick_check, on a read-only connection) before anything writes to
 * it: migrations, recovery of interrupted imports, index repair. A damaged file stays open
 * read-only (reads work as far as the damage allows, every write is refused) and is reported in
 * `info().damaged`; `saveRecoveredCopy` saves what can still be read to a new file. A large file
 * is checked in a worker thread: until `ready` settles the connection is read-only, and the core
 * waits for `ready` before it runs a call.
 */
export class Workspaces {
  private current!: Current;
  private readonly o: WorkspaceOptions;
  private pending: Promise<void> = Promise.resolve();
  private closed = false;
  private isChecking = false;
  private rolling: RollbackProgress | null = null;

  constructor(o: WorkspaceOptions) {
    if (!o.dataDir && !o.dbPath) throw new Error('Workspaces needs dataDir or dbPath');
    this.o = o;
    if (o.dbPath) {
      this.openCurrent('file', path.resolve(o.dbPath));
    } else {
      // Members' names and messages: the data folders are private to the user (narrowed if an older version made them loose).
      privateDir(o.dataDir!);
      privateDir(path.join(o.dataDir!, 'workspaces'));
      const wanted = o.settings.get().currentWorkspace;
      const id = wanted && fs.existsSync(this.pathOf(wanted)) ? wanted : 'default';
      this.openCurrent(id, this.pathOf(id));
    }
  }

  /** Settles once the current workspace's check is done and it is open for writing (or known damaged). */
  get ready(): Promise<void> {
    return this.pending;
  }

  /** A large file's check is still running in its worker (the connection is read-only until it is done), or an interrupted import is being rolled back in one (imports and the roster job wait). */
  get checking(): boolean {
    return this.isChecking;
  }

  /** Until close(): what waits for `ready` checks this before it touches the connection. */
  get open(): boolean {
    return !this.closed;
  }

  /** The check on open found the current file damaged: it is open read-only. */
  get damaged(): WorkspaceDamage | null {
    return this.current.damaged;
  }

  get fixed(): boolean {
    return !!this.o.dbPath;
  }

  get db(): Db {
    return this.current.db;
  }

  get id(): string {
    return this.current.id;
  }

  /** The current workspace's database file (its folder also holds the workspace's key file). */
  get dbPath(): string {
    return this.current.path;
  }

  private pathOf(id: string): string {
    return path.join(this.o.dataDir!, 'workspaces', id, DB_FILE);
  }

  private binding(): { nativeBinding?: string } {
    return this.o.nativeBinding ? { nativeBinding: this.o.nativeBinding } : {};
  }

  private readOnly(p: string): Db {
    return openDatabase(p, { locale: this.o.locale(), readonly: true, mustExist: true, ...this.binding() });
  }

  /** Makes `p` the current workspace: checked now (small files) or in a worker meanwhile (`ready`). */
  private openCurrent(id: string, p: string): void {
    const size = fileSize(p) + fileSize(`${p}-wal`);
    if (!this.fixed) privateDir(path.dirname(p));
    if (size <= (this.o.syncCheckBytes ?? SYNC_CHECK_BYTES)) {
      const { rollback, ...opened } = this.openFile(p, id, true);
      const current: Current = { id, path: p, ...opened };
      this.current = current;
      this.isChecking = !!rollback;
      this.pending = rollback
        ? this.rollBack(current).finally(() => {
            if (this.current === current) this.isChecking = false;
          })
        : Promise.resolve();
      return;
    }
    const ro = this.readOnly(p);
    const current: Current = { id, path: p, db: ro, damaged: null };
    this.current = current;
    this.isChecking = true;
    this.pending = inWorker<string[]>({ op: 'check', file: p, ...this.binding() })
      .then(
        (problems) => (problems.length ? { problems } : null),
        (e: Error) => ({ problems: [e.message] }),
      )
      .then((damaged) => {
        if (this.current !== current || this.closed) return; // switched away or closed meanwhile (that closed `ro`)
        if (damaged) return this.markDamaged(current, damaged);
        const { rollback, ...opened } = this.openWritable(p, id, true);
        ro.close();
        Object.assign(current, opened);
        if (rollback) return this.rollBack(current);
      })
      .catch((e: unknown) => {
        // The core reports what failed at the next call (the workspace stays read-only meanwhile).
        if (this.current === current && !current.damaged) current.damaged = { problems: [e instanceof Error ? e.message : String(e)] };
        log.error(`opening ${p} failed`, e);
      })
      .finally(() => {
        if (this.current === current) this.isChecking = false;
      });
  }

  /**
   * Rolls back, in the worker, the imports a crash interrupted, while the workspace is open for
   * reading and writing (imports and the roster job wait for `ready`). A failure leaves the batch
   * to the next open; the workspace is usable either way.
   */
  private rollBack(current: Current): Promise<void> {
    this.rolling = { done: 0, total: 0 };
    // Said at most four times a second (each saying makes the renderer reload what it shows).
    let said = 0;
    return inWorker<number[], RollbackProgress>({ op: 'rollback', file: current.path, now: this.o.now(), ...this.binding() }, (p) => {
      if (this.current !== current || this.closed) return;
      this.rolling = p;
      if (Date.now() - said < 250 && p.done < p.total) return;
      said = Date.now();
      this.o.onChange?.();
    })
      .then(
        (ids) => log.info(`rolled back ${ids.length} interrupted import(s) in ${current.path}`),
        (e: unknown) => log.error(`rolling back an interrupted import in ${current.path} failed (tried again at the next open)`, e),
      )
      .finally(() => {
        if (this.current === current) this.rolling = null;
      });
  }

  private markDamaged(c: Current, damaged: WorkspaceDamage): void {
    c.damaged = damaged;
    log.error(`workspace database ${c.path} is damaged; opened read-only: ${damaged.problems.slice(0, 3).join('; ')}`);
  }

  /** Checks, then opens for writing and brings the file up to date; a damaged file stays read-only. */
  private openFile(p: string, id: string | null, background = false): Opened {
    if (fileSize(p) > 0) {
      const ro = this.readOnly(p);
      const problems = quickCheck(ro);
      if (problems.length) {
        const damaged = { problems };
        this.markDamaged({ id: id ?? '', path: p, db: ro, damaged }, damaged);
        return { db: ro, damaged };
      }
      ro.close();
    }
    return this.openWritable(p, id, background);
  }

  /** `background`: a large interrupted import may be left to the rollback worker (see rollBack). */
  private openWritable(p: string, id: string | null, background = false): Opened {
    const db = openDatabase(p, { locale: this.o.locale(), ...this.binding(), ...(this.o.busyTimeoutMs !== undefined ? { busyTimeoutMs: this.o.busyTimeoutMs } : {}) });
    try {
      migrate(db, { locale: this.o.locale(), now: this.o.now });
      const later = background && interruptedImportMessages(db).messages > (this.o.syncRollbackMessages ?? SYNC_ROLLBACK_MESSAGES);
      if (!later) {
        recoverInterruptedImports(db, this.o.now());
        // A bulk import drops message indexes while it loads; a crash can leave them missing.
        if (!hasRunningImport(db)) ensureMessageIndexes(db);
      }
      if (getMeta(db, 'created_at') === undefined) setMeta(db, 'created_at', String(this.o.now()));
      if (id === 'default' && getMeta(db, 'name') === undefined) setMeta(db, 'name', t(this.o.locale(), 'workspace.default'));
      return { db, damaged: null, rollback: later };
    } catch (e) {
      db.close();
      // Damage the check did not see (quick_check does not compare indexes with their tables): read-only from here.
      if (isCorruptionError(e)) {
        const damaged = { problems: [(e as Error).message] };
        this.markDamaged({ id: id ?? '', path: p, db, damaged }, damaged);
        return { db: this.readOnly(p), damaged };
      }
      throw e;
    }
  }

  /** A new or other workspace file opened only to write to it and close it (create, demo): damage is an error. */
  private openForWriting(p: string): Db {
    const { db, damaged } = this.openFile(p, null);
    if (damaged) {
      db.close();
      throw appError(this.o.locale(), 'DB_CORRUPT', { path: p });
    }
    return db;
  }

  info(): WorkspaceDto {
    const db = this.current.db;
    const counts = workspaceCounts(db);
    const name = getMeta(db, 'name') ?? path.basename(this.current.path, '.db');
    return {
      id: this.current.id,
      name,
      path: this.current.path,
      demo: getMeta(db, 'demo') === '1',
      // Once per app: a workspace made or switched to later does not greet again.
      welcome: !this.o.settings.get().welcomed && getMeta(db, 'welcome_done') !== '1' && counts.groups === 0,
      fixed: this.fixed,
      schemaVersion: schemaVersion(db),
      counts,
      damaged: this.current.damaged,
      rollingBack: this.rolling,
    };
  }

  list(): WorkspaceSummary[] {
    if (this.fixed) return [{ id: this.current.id, name: this.info().name, path: this.current.path, current: true }];
    const root = path.join(this.o.dataDir!, 'workspaces');
    const ids = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, DB_FILE))) : [];
    return ids.sort().map((id) => {
      const p = this.pathOf(id);
      let name = id;
      if (id === this.current.id) name = this.info().name;
      else {
        try {
          const db = openDatabase(p, { readonly: true, locale: this.o.locale() });
          try {
            name = getMeta(db, 'name') ?? id;
          } finally {
            db.close();
          }
        } catch {
          // A damaged workspace is still listed, by its folder name; opening it reports the problem.
        }
      }
      return { id, name, path: p, current: id === this.current.id };
    });
  }

  private requireManaged(): void {
    if (this.fixed) throw appError(this.o.locale(), 'WORKSPACE_FIXED');
  }

  switchTo(id: string): WorkspaceDto {
    this.requireManaged();
    if (id === this.current.id) return this.info();
    const p = this.pathOf(id);
    if (!fs.existsSync(p)) throw appError(this.o.locale(), 'NOT_FOUND', { what: t(this.o.locale(), 'what.workspace'), id });
    const old = this.current.db;
    this.openCurrent(id, p);
    old.close();
    this.o.settings.update({ currentWorkspace: id });
    return this.info();
  }

  private freeId(base: string): string {
    let id = base;
    for (let n = 2; fs.existsSync(this.pathOf(id)); n++) id = `${base}-${n}`;
    return id;
  }

  create(name: string): WorkspaceDto {
    this.requireManaged();
    const id = this.freeId(`ws-${this.o.now().toString(36)}`);
    privateDir(path.dirname(this.pathOf(id)));
    const db = this.openForWriting(this.pathOf(id));
    setMeta(db, 'name', name);
    // The user named it and chose to start it: no welcome for this one, nor any later.
    setMeta(db, 'welcome_done', '1');
    this.o.settings.update({ welcomed: true });
    db.close();
    return this.switchTo(id);
  }

  createDemo(): WorkspaceDto {
    const locale = this.o.locale();
    // Loading the demo answers the welcome.
    this.o.settings.update({ welcomed: true });
    if (this.fixed) {
      const before = this.info();
      if (before.counts.groups > 0 || before.counts.messages > 0) throw appError(locale, 'DEMO_NEEDS_EMPTY');
      seedDemo(this.db, this.o.now(), Vault.beside(this.current.path, this.o.keyProtector));
      setMeta(this.db, 'welcome_done', '1');
      return this.info();
    }
    const id = this.freeId('demo');
    privateDir(path.dirname(this.pathOf(id)));
    const db = this.openForWriting(this.pathOf(id));
    try {
      setMeta(db, 'name', t(locale, 'workspace.demo'));
      seedDemo(db, this.o.now(), Vault.beside(this.pathOf(id), this.o.keyProtector));
      setMeta(db, 'welcome_done', '1');
    } finally {
      db.close();
    }
    return this.switchTo(id);
  }

  dismissWelcome(): WorkspaceDto {
    setMeta(this.db, 'welcome_done', '1');
    this.o.settings.update({ welcomed: true });
    return this.info();
  }

  /**
   * Saves what the current file still holds to a new file, read on its own read-only connection in a
   * worker (the damaged file is not written). Managed mode: the copy is a new workspace beside the
   * others (with the same key file, so its robots keep working), named as a recovered copy; fixed
   * mode: a new file beside the database.
   */
  async saveRecoveredCopy(): Promise<RecoveredCopyDto> {
    const locale = this.o.locale();
    const { path: src, id: srcId } = this.current;
    const name = (() => {
      try {
        return getMeta(this.current.db, 'name') ?? srcId;
      } catch {
        return srcId;
      }
    })();
    let id: string | null = null;
    let dest: string;
    if (this.fixed) {
      dest = path.join(path.dirname(src), `${path.basename(src, '.db')}.recovered-${fileStamp(this.o.now())}.db`);
    } else {
      id = this.freeId(`${srcId}-recovered`.slice(0, 64));
      dest = this.pathOf(id);
      privateDir(path.dirname(dest));
    }
    let r: RecoveryResult;
    try {
      r = await inWorker<RecoveryResult>({ op: 'recover', file: src, dest, ...this.binding() });
    } catch (e) {
      if (id) fs.rmSync(path.dirname(dest), { recursive: true, force: true });
      throw new AppError('DB_CORRUPT', t(locale, 'db.recoveryFailed', { detail: (e as Error).message }));
    }
    if (id) {
      const key = path.join(path.dirname(src), 'secrets.key');
      if (fs.existsSync(key)) {
        const copy = path.join(path.dirname(dest), 'secrets.key');
        fs.copyFileSync(key, copy);
        makePrivate(copy);
      }
      const db = this.openForWriting(dest);
      try {
        setMeta(db, 'name', t(locale, 'db.recoveredName', { name }).slice(0, 100));
      } finally {
        db.close();
      }
    }
    return { path: dest, workspaceId: id, method: r.method, tables: r.tables, rows: r.rows, damagedTables: r.damagedTables };
  }

  close(): void {
    this.closed = true;
    if (this.current.db.open) this.current.db.close();
  }
}

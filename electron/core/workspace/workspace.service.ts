import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from '../../../shared/domain/enums';
import type { WorkspaceDto, WorkspaceSummary } from '../../../shared/domain/workspace';
import { appError, t } from '../i18n/messages';
import { migrate, schemaVersion } from '../db/migrate';
import { openDatabase, type Db } from '../db/open';
import { getMeta, setMeta, workspaceCounts } from '../db/meta.repo';
import { seedDemo } from '../demo/demo-workspace';
import { Vault, type KeyProtector } from '../secrets';
import { hasRunningImport, recoverInterruptedImports } from '../imports';
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
}

const DB_FILE = 'qunzhu.db';

/**
 * Owns the open workspace database. In managed mode the user can create and switch
 * workspaces (each its own SQLite file); in fixed mode (--db) the file is the workspace.
 */
export class Workspaces {
  private current: { id: string; path: string; db: Db };
  private readonly o: WorkspaceOptions;

  constructor(o: WorkspaceOptions) {
    if (!o.dataDir && !o.dbPath) throw new Error('Workspaces needs dataDir or dbPath');
    this.o = o;
    if (o.dbPath) {
      const p = path.resolve(o.dbPath);
      this.current = { id: 'file', path: p, db: this.openFile(p) };
    } else {
      const wanted = o.settings.get().currentWorkspace;
      const id = wanted && fs.existsSync(this.pathOf(wanted)) ? wanted : 'default';
      const p = this.pathOf(id);
      const db = this.openFile(p);
      if (id === 'default' && getMeta(db, 'name') === undefined) setMeta(db, 'name', t(o.locale(), 'workspace.default'));
      this.current = { id, path: p, db };
    }
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

  private openFile(p: string): Db {
    const db = openDatabase(p, { locale: this.o.locale(), ...(this.o.nativeBinding ? { nativeBinding: this.o.nativeBinding } : {}) });
    try {
      migrate(db, { locale: this.o.locale(), now: this.o.now });
      recoverInterruptedImports(db, this.o.now());
      // A bulk import drops message indexes while it loads; a crash can leave them missing.
      if (!hasRunningImport(db)) ensureMessageIndexes(db);
      if (getMeta(db, 'created_at') === undefined) setMeta(db, 'created_at', String(this.o.now()));
      return db;
    } catch (e) {
      db.close();
      throw e;
    }
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
    const db = this.openFile(p);
    this.current.db.close();
    this.current = { id, path: p, db };
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
    const db = this.openFile(this.pathOf(id));
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
    const db = this.openFile(this.pathOf(id));
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

  close(): void {
    if (this.current.db.open) this.current.db.close();
  }
}

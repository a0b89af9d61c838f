import { create } from 'zustand';
import type { Locale } from '../../shared/domain/enums';
import type { AppInfoDto, WorkspaceDto, WorkspaceSummary } from '../../shared/domain/workspace';
import { getApi } from '../lib/api/client';
import { applyLocale } from '../i18n';

export const ROUTES = ['inbox', 'groups', 'roster', 'broadcasts', 'calendar', 'cases', 'health', 'imports', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export function routeFromHash(hash: string): Route {
  const r = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(r ?? '') ? (r as Route) : 'groups';
}

interface AppState {
  ready: boolean;
  fatal: string | null;
  route: Route;
  locale: Locale;
  info: AppInfoDto | null;
  workspace: WorkspaceDto | null;
  workspaces: WorkspaceSummary[];
  busy: boolean;
  init(): Promise<void>;
  navigate(route: Route): void;
  setLocale(locale: Locale): Promise<void>;
  refreshWorkspace(): Promise<void>;
  loadWorkspaces(): Promise<void>;
  createDemo(): Promise<void>;
  dismissWelcome(): Promise<void>;
  switchWorkspace(id: string): Promise<WorkspaceDto>;
  createWorkspace(name: string): Promise<WorkspaceDto>;
}

/** App-wide state: where we are, the language, and the open workspace. */
export const useAppStore = create<AppState>((set, get) => ({
  ready: false,
  fatal: null,
  route: routeFromHash(window.location.hash),
  locale: 'zh-CN',
  info: null,
  workspace: null,
  workspaces: [],
  busy: false,

  async init() {
    const api = getApi();
    try {
      const [settings, info, workspace] = await Promise.all([api.call('settings.get', {}), api.call('app.info', {}), api.call('workspace.current', {})]);
      applyLocale(settings.locale);
      set({ locale: settings.locale, info, workspace, ready: true });
    } catch (e) {
      set({ fatal: (e as Error).message, ready: true });
      return;
    }
    api.on('workspace.changed', (workspace) => set({ workspace }));
    api.on('settings.changed', (s) => {
      applyLocale(s.locale);
      set({ locale: s.locale });
    });
    api.on('groups.changed', () => void get().refreshWorkspace());
    window.addEventListener('hashchange', () => set({ route: routeFromHash(window.location.hash) }));
  },

  navigate(route) {
    if (window.location.hash !== `#/${route}`) window.location.hash = `#/${route}`;
    set({ route });
  },

  async setLocale(locale) {
    const s = await getApi().call('settings.update', { locale });
    applyLocale(s.locale);
    set({ locale: s.locale });
  },

  async refreshWorkspace() {
    set({ workspace: await getApi().call('workspace.current', {}) });
  },

  async loadWorkspaces() {
    set({ workspaces: await getApi().call('workspace.list', {}) });
  },

  async createDemo() {
    set({ busy: true });
    try {
      set({ workspace: await getApi().call('workspace.createDemo', {}) });
      await get().loadWorkspaces();
    } finally {
      set({ busy: false });
    }
  },

  async dismissWelcome() {
    set({ workspace: await getApi().call('workspace.dismissWelcome', {}) });
  },

  async switchWorkspace(id) {
    const workspace = await getApi().call('workspace.switch', { id });
    set({ workspace });
    await get().loadWorkspaces();
    return workspace;
  },

  async createWorkspace(name) {
    const workspace = await getApi().call('workspace.create', { name });
    set({ workspace });
    await get().loadWorkspaces();
    return workspace;
  },
}));

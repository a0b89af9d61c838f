import { create } from 'zustand';
import type { RecoveredCopyDto, WorkspaceDto, WorkspaceSummary } from '../../../shared/domain/workspace';
import { getApi } from '../../lib/api/client';
import { useGroupsStore } from '../groups/groups.store';
import { useInboxStore } from '../inbox/inbox.store';
import { useMemberStore } from '../roster/member.store';
import { useRosterStore } from '../roster/roster.store';

type Pending = 'demo' | 'welcome' | 'switch' | 'create' | null;

interface WorkspaceState {
  current: WorkspaceDto | null;
  list: WorkspaceSummary[];
  /** Which workspace-wide action is running, so its button can spin and the others wait. */
  pending: Pending;
  refresh(): Promise<void>;
  /** Re-reads the current workspace soon; many calls in a burst make one request. */
  scheduleRefresh(): void;
  loadList(): Promise<void>;
  /** The workspace changed (our own action or a push event): adopt it and refresh what depends on it. */
  received(ws: WorkspaceDto): void;
  createDemo(): Promise<WorkspaceDto>;
  dismissWelcome(): Promise<WorkspaceDto>;
  switchTo(id: string): Promise<WorkspaceDto>;
  create(name: string): Promise<WorkspaceDto>;
  /** A damaged (read-only) workspace: the copy saved last, and whether one is being saved. */
  recovered: RecoveredCopyDto | null;
  recovering: boolean;
  recoveryError: string | null;
  saveRecoveredCopy(): Promise<void>;
}

// Every adoption of a workspace bumps this, so a slow `workspace.current` that started before a
// switch cannot put the old workspace back when it finally answers.
let version = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

export const useWorkspaceStore = create<WorkspaceState>((set, get) => {
  const run = async (pending: Exclude<Pending, null>, call: () => Promise<WorkspaceDto>) => {
    set({ pending });
    try {
      const ws = await call();
      get().received(ws);
      return ws;
    } finally {
      set({ pending: null });
    }
  };

  return {
    current: null,
    list: [],
    pending: null,

    async refresh() {
      const started = version;
      const ws = await getApi().call('workspace.current', {});
      if (started === version) set({ current: ws });
    },

    scheduleRefresh() {
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        get().refresh().catch(() => undefined); // counts only; the next change retries
      }, 150);
    },

    async loadList() {
      set({ list: await getApi().call('workspace.list', {}) });
    },

    received(ws) {
      version++;
      const switched = get().current?.id !== ws.id;
      set(switched ? { current: ws, recovered: null, recoveryError: null } : { current: ws });
      useGroupsStore.getState().scheduleReload();
      useInboxStore.getState().workspaceChanged(switched);
      useRosterStore.getState().workspaceChanged(switched);
      if (switched) useMemberStore.getState().close();
      get().loadList().catch(() => undefined); // the Settings page reloads it when shown
    },

    createDemo: () => run('demo', () => getApi().call('workspace.createDemo', {})),
    dismissWelcome: () => run('welcome', () => getApi().call('workspace.dismissWelcome', {})),
    switchTo: (id) => run('switch', () => getApi().call('workspace.switch', { id })),
    // The core marks a workspace created by name as past its welcome.
    create: (name) => run('create', () => getApi().call('workspace.create', { name })),

    recovered: null,
    recovering: false,
    recoveryError: null,
    async saveRecoveredCopy() {
      set({ recovering: true, recoveryError: null });
      try {
        const recovered = await getApi().call('workspace.saveRecoveredCopy', {});
        set({ recovered });
        get().loadList().catch(() => undefined);
      } catch (e) {
        set({ recoveryError: e instanceof Error ? e.message : String(e) });
      } finally {
        set({ recovering: false });
      }
    },
  };
});

import { create } from 'zustand';
import { getApi } from '../../lib/api/client';
import { useGroupsStore } from '../groups/groups.store';
import { useInboxStore } from '../inbox/inbox.store';
import { useMemberStore } from '../roster/member.store';
import { useRosterStore } from '../roster/roster.store';
import { syncRouteWithHash } from '../route/route.store';
import { useSettingsStore } from '../settings/settings.store';
import { useWorkspaceStore } from '../workspace/workspace.store';

type Status = 'loading' | 'ready' | 'failed';

interface BootState {
  status: Status;
  /** Why start-up failed, in the user's language when the core said so. */
  error: string | null;
  start(): Promise<void>;
}

let wired = false;
let starting: Promise<void> | null = null;
/** Push events keep every store current without polling. Wired once for the app's lifetime. */
function wireEvents(): void {
  if (wired) return;
  wired = true;
  const api = getApi();
  api.on('settings.changed', (s) => useSettingsStore.getState().received(s));
  api.on('workspace.changed', (ws) => useWorkspaceStore.getState().received(ws));
  api.on('inbox.changed', (e) => {
    useInboxStore.getState().changed(e);
    // An import brings new members and activity; live messages wait for the next visit or re-tag.
    if (e.reason === 'import') useRosterStore.getState().changed({ reason: 'tags' });
  });
  api.on('roster.changed', (e) => {
    useRosterStore.getState().changed(e);
    void useMemberStore.getState().refresh();
  });
  api.on('groups.changed', () => {
    useGroupsStore.getState().scheduleReload();
    if (useRosterStore.getState().active) void useRosterStore.getState().loadGroups();
    useWorkspaceStore.getState().scheduleRefresh(); // the header's counts
  });
}

export const useBootStore = create<BootState>((set) => ({
  status: 'loading',
  error: null,

  // React's StrictMode runs mount effects twice in development; both get the same start-up.
  start() {
    starting ??= (async () => {
      set({ status: 'loading', error: null });
      syncRouteWithHash();
      try {
        await Promise.all([useSettingsStore.getState().load(), useWorkspaceStore.getState().refresh()]);
        wireEvents();
        set({ status: 'ready' });
      } catch (e) {
        set({ status: 'failed', error: (e as Error).message });
      } finally {
        starting = null;
      }
    })();
    return starting;
  },
}));

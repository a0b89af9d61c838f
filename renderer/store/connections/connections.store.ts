import { create } from 'zustand';
import type { Req, Res } from '../../../shared/api';
import type { RobotDto, VaultDto } from '../../../shared/api/connections';
import type { Unsubscribe } from '../../../shared/events';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import { upsertRobot, type GroupChoice } from './selectors';

export type RobotAction = 'test' | 'pause' | 'remove';
export type TestResult = Res<'connections.testRobot'>;

interface ConnectionsState {
  robots: RobotDto[];
  vault: VaultDto | null;
  /** The workspace's groups, for "posts into" (active groups; a robot's archived group is kept by name). */
  groups: GroupChoice[];
  loading: boolean;
  loaded: boolean;
  /** Why the list could not be read, in the user's language. */
  error: string | null;
  /** What each robot is doing right now, so its button spins and the others wait. */
  busy: Record<number, RobotAction>;
  /**
   * A robot's action that could not even run (locked secrets, a vanished robot…), in the user's
   * language. A test that ran and failed is not an error here: it is the robot's last test.
   */
  actionErrors: Record<number, string>;
  load(opts?: { quiet?: boolean }): Promise<void>;
  /** Throws the core's error (with its field errors) for the form to show. */
  add(req: Req<'connections.addRobot'>): Promise<RobotDto>;
  /** Throws the core's error (with its field errors) for the form to show. */
  update(req: Req<'connections.updateRobot'>): Promise<RobotDto>;
  /** Null when the test could not run; the reason is in actionErrors. */
  test(id: number): Promise<TestResult | null>;
  pause(id: number, paused: boolean): Promise<RobotDto | null>;
  remove(id: number): Promise<boolean>;
  clearError(id: number): void;
  /**
   * While the page is open: a broadcast's robot sends can lock a robot (DingTalk) or record an
   * outcome, so the list is read again, quietly, after a burst of progress. Returns the unsubscribe.
   */
  watch(): Unsubscribe;
}

// Each load takes a number; only the newest may write (a slow answer from before a workspace
// switch must not put the other workspace's robots back).
let seq = 0;
let reloadTimer: ReturnType<typeof setTimeout> | null = null;
const RELOAD_DEBOUNCE_MS = 500;

const without = <T>(rec: Record<number, T>, id: number): Record<number, T> => {
  if (!(id in rec)) return rec;
  const next = { ...rec };
  delete next[id];
  return next;
};

export const useConnectionsStore = create<ConnectionsState>((set, get) => {
  /** Runs one robot action with its busy flag; a thrown error is kept for the robot's row. */
  const act = async <T>(id: number, action: RobotAction, run: () => Promise<T>): Promise<T | null> => {
    set((s) => ({ busy: { ...s.busy, [id]: action }, actionErrors: without(s.actionErrors, id) }));
    try {
      return await run();
    } catch (e) {
      set((s) => ({ actionErrors: { ...s.actionErrors, [id]: errorText(e) } }));
      return null;
    } finally {
      set((s) => ({ busy: without(s.busy, id) }));
    }
  };

  return {
    robots: [],
    vault: null,
    groups: [],
    loading: false,
    loaded: false,
    error: null,
    busy: {},
    actionErrors: {},

    async load({ quiet = false } = {}) {
      const mine = ++seq;
      if (!quiet) set({ loading: true });
      try {
        const [list, groups] = await Promise.all([getApi().call('connections.list', {}), getApi().call('groups.list', { archived: 'active' })]);
        if (mine !== seq) return;
        set({
          robots: list.robots,
          vault: list.vault,
          groups: groups.map((g) => ({ id: g.id, name: g.name, platform: g.platform })),
          loading: false,
          loaded: true,
          error: null,
          actionErrors: {},
        });
      } catch (e) {
        if (mine === seq) set({ loading: false, loaded: true, error: errorText(e) });
      }
    },

    async add(req) {
      const robot = await getApi().call('connections.addRobot', req);
      set((s) => ({ robots: upsertRobot(s.robots, robot) }));
      // The first secret of a workspace creates its key file: the vault line may change.
      void get().load({ quiet: true });
      return robot;
    },

    async update(req) {
      const robot = await getApi().call('connections.updateRobot', req);
      set((s) => ({ robots: upsertRobot(s.robots, robot), actionErrors: without(s.actionErrors, robot.id) }));
      return robot;
    },

    test(id) {
      return act(id, 'test', async () => {
        const result = await getApi().call('connections.testRobot', { id });
        set((s) => ({ robots: upsertRobot(s.robots, result.robot) }));
        return result;
      });
    },

    pause(id, paused) {
      return act(id, 'pause', async () => {
        const robot = await getApi().call('connections.pauseRobot', { id, paused });
        set((s) => ({ robots: upsertRobot(s.robots, robot) }));
        return robot;
      });
    },

    async remove(id) {
      const done = await act(id, 'remove', async () => {
        await getApi().call('connections.removeRobot', { id });
        set((s) => ({ robots: s.robots.filter((r) => r.id !== id) }));
        return true;
      });
      return done === true;
    },

    clearError(id) {
      set((s) => ({ actionErrors: without(s.actionErrors, id) }));
    },

    watch() {
      const off = getApi().on('broadcast.progress', () => {
        if (reloadTimer) clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => {
          reloadTimer = null;
          void get().load({ quiet: true });
        }, RELOAD_DEBOUNCE_MS);
      });
      return () => {
        off();
        if (reloadTimer) clearTimeout(reloadTimer);
        reloadTimer = null;
      };
    },
  };
});

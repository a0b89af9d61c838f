/** The outbox tests' starting point: WeCom robots on a fresh workspace file, posting to the loopback receiver. */
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { migrate } from '../../electron/core/db/migrate';
import { insertGroup } from '../../electron/core/groups/groups.repo';
import { Vault } from '../../electron/core/secrets';
import { addRobot } from '../../electron/core/connections/robots.service';
import { FakeTime } from './fake-time';
import { loopbackPerTest, type LoopbackRobot } from './loopback-robot';
import { tmpDir } from './tmp';

/**
 * A fresh workspace file per test with one WeCom internal group per key, each with its robot
 * posting to the loopback receiver, on a fake clock starting at `t0`: what the outbox tests start from.
 */
export function wecomRobotsPerTest(keys: readonly string[], t0: number): { readonly db: Db; readonly time: FakeTime; readonly vault: Vault; readonly groups: number[]; readonly loop: { readonly robot: LoopbackRobot } } {
  const s = { db: null as unknown as Db, time: null as unknown as FakeTime, vault: null as unknown as Vault, groups: [] as number[], dir: null as ReturnType<typeof tmpDir> | null };
  beforeEach(() => {
    s.time = new FakeTime(t0);
  });
  const loop = loopbackPerTest(
    () => ({ wecom: keys.map((key) => ({ key })) }),
    () => s.time,
  );
  beforeEach(() => {
    s.dir = tmpDir();
    const file = path.join(s.dir.dir, 'ws.db');
    s.db = openDatabase(file);
    migrate(s.db);
    s.vault = Vault.beside(file);
    const d = { db: s.db, locale: 'zh-CN' as const, now: () => s.time.now(), vault: s.vault };
    s.groups = keys.map((key, i) => {
      const g = insertGroup(s.db, { platform: 'wecom', name: `内部群${i + 1}`, groupType: 'B', positioning: '', audience: '', city: '北京', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' }, t0);
      addRobot(d, { name: `机器人${i + 1}`, platform: 'wecom', groupId: g, credentials: { webhook: key }, baseUrl: loop.robot.baseUrl });
      return g;
    });
  });
  afterEach(() => {
    s.db.close();
    s.dir?.cleanup();
  });
  return {
    get db() {
      return s.db;
    },
    get time() {
      return s.time;
    },
    get vault() {
      return s.vault;
    },
    get groups() {
      return s.groups;
    },
    loop,
  };
}

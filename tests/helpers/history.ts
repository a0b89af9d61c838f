/** Small hand-made histories in a real, migrated SQLite file: groups, people, messages. */
import path from 'node:path';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { migrate } from '../../electron/core/db/migrate';
import { insertGroup } from '../../electron/core/groups/groups.repo';
import type { IncomingMessage } from '../../electron/core/inbox/ingest.service';
import type { GroupType, Platform } from '../../shared/domain/enums';
import { tmpDir } from './tmp';

export const DAY = 86_400_000;

export interface History {
  db: Db;
  group(name: string, o?: { platform?: Platform; type?: GroupType; city?: string; createdAt?: number }): number;
  say(groupId: number, who: string, at: number, extra?: Partial<IncomingMessage>): IncomingMessage;
  person(id: string, role?: 'owner' | 'admin' | 'member'): { platformUserId: string; displayName: string; role?: 'owner' | 'admin' | 'member' };
  memberId(platformUserId: string): number;
  close(): void;
}

export function history(file = 'history.db'): History {
  const t = tmpDir();
  const db = openDatabase(path.join(t.dir, file));
  migrate(db);
  let seq = 0;
  const person = (id: string, role?: 'owner' | 'admin' | 'member') => ({ platformUserId: id, displayName: id, ...(role ? { role } : {}) });
  return {
    db,
    group: (name, o = {}) =>
      insertGroup(
        db,
        { positioning: '', audience: '', city: o.city ?? '', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy', platform: o.platform ?? 'qq', name, groupType: o.type ?? 'C' },
        o.createdAt ?? 0,
      ),
    say: (groupId, who, at, extra = {}) => ({ groupId, sourceKey: `s${++seq}`, sentAt: at, kind: 'text', text: `消息${seq}`, sender: person(who), ...extra }),
    person,
    memberId: (uid) => (db.prepare('SELECT id FROM members WHERE platform_user_id = ?').get(uid) as { id: number }).id,
    close: () => {
      db.close();
      t.cleanup();
    },
  };
}

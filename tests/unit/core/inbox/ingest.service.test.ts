import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { ingestMessages, type IncomingMessage } from '../../../../electron/core/inbox/ingest.service';
import { tmpDir } from '../../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
let db: Db;
let gid: number;
const T = Date.parse('2026-11-01T10:00:00Z');
const base = { positioning: '', audience: '', city: '', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const };

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'i.db'));
  migrate(db);
  gid = insertGroup(db, { ...base, platform: 'qq', name: '测试群', groupType: 'C' }, T);
});
afterEach(() => {
  db.close();
  t.cleanup();
});

const msg = (n: number, sender: string, name: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  groupId: gid,
  sourceKey: `m${n}`,
  sentAt: T + n * 60_000,
  kind: 'text',
  text: `消息${n}`,
  sender: { platformUserId: sender, displayName: name },
  ...extra,
});

describe('ingestMessages', () => {
  it('stores and indexes a 1 MB message of Chinese without punctuation, findable by any two characters', () => {
    const text = Array.from({ length: 350_000 }, (_, i) => '群主运营社区活跃成员'[i % 10]).join('');
    expect(ingestMessages(db, [msg(1, '10001', '小王', { text })])).toMatchObject({ added: 1 });
    expect(db.prepare("SELECT count(*) FROM message_search WHERE message_search MATCH '\"区活\"'").pluck().get()).toBe(1);
  });

  it('stores messages, members by platform id, memberships and counters', () => {
    const r = ingestMessages(db, [msg(1, '10001', '小王'), msg(2, '10002', '小李'), msg(3, '10001', '小王')]);
    expect(r).toEqual({ added: 3, duplicates: 0, membersAdded: 2 });
    const g = db.prepare('SELECT member_count, message_count, last_message_at FROM groups WHERE id = ?').get(gid);
    expect(g).toEqual({ member_count: 2, message_count: 3, last_message_at: T + 3 * 60_000 });
    expect(db.prepare('SELECT platform, platform_user_id, display_name FROM members ORDER BY platform_user_id').all()).toEqual([
      { platform: 'qq', platform_user_id: '10001', display_name: '小王' },
      { platform: 'qq', platform_user_id: '10002', display_name: '小李' },
    ]);
  });

  it('adds nothing when the same batch comes again (idempotent by source key)', () => {
    const batch = [msg(1, '10001', '小王'), msg(2, '10002', '小李')];
    ingestMessages(db, batch);
    expect(ingestMessages(db, batch)).toEqual({ added: 0, duplicates: 2, membersAdded: 0 });
    expect(db.prepare('SELECT message_count FROM groups').get()).toEqual({ message_count: 2 });
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 2 });
  });

  it('matches people by id, never by name, and keeps their nickname history', () => {
    ingestMessages(db, [msg(1, '10001', '小王'), msg(2, '10002', '小王')]);
    ingestMessages(db, [msg(3, '10001', '王老师')]);
    expect(db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 2 });
    const m = db.prepare("SELECT id, display_name FROM members WHERE platform_user_id = '10001'").get() as { id: number; display_name: string };
    expect(m.display_name).toBe('王老师');
    expect(db.prepare('SELECT name FROM member_names WHERE member_id = ? ORDER BY first_seen_at').all(m.id)).toEqual([{ name: '小王' }, { name: '王老师' }]);
  });

  it('an older export does not overwrite a newer display name', () => {
    ingestMessages(db, [msg(10, '10001', '新名字')]);
    ingestMessages(db, [msg(1, '10001', '旧名字')]);
    expect(db.prepare('SELECT display_name FROM members').get()).toEqual({ display_name: '新名字' });
    const ms = db.prepare('SELECT joined_at FROM memberships').get() as { joined_at: number };
    expect(ms.joined_at).toBe(T + 60_000);
  });

  it('widens a known member’s first and last sighting both ways, name unchanged', () => {
    ingestMessages(db, [msg(10, '10001', '小王')]);
    const seen = () => db.prepare('SELECT display_name, first_seen_at, last_seen_at FROM members').get();
    ingestMessages(db, [msg(20, '10001', '小王')]);
    expect(seen()).toEqual({ display_name: '小王', first_seen_at: T + 10 * 60_000, last_seen_at: T + 20 * 60_000 });
    ingestMessages(db, [msg(5, '10001', '小王'), msg(30, '10001', '小王')]);
    expect(seen()).toEqual({ display_name: '小王', first_seen_at: T + 5 * 60_000, last_seen_at: T + 30 * 60_000 });
  });

  it('keeps replies by key and mentions as member links', () => {
    ingestMessages(db, [msg(1, '10001', '小王'), msg(2, '10002', '小李', { replyToKey: 'm1', mentions: [{ platformUserId: '10003', displayName: '小张' }] })]);
    const row = db.prepare("SELECT id, reply_to_key FROM messages WHERE source_key = 'm2'").get() as { id: number; reply_to_key: string };
    expect(row.reply_to_key).toBe('m1');
    const mentioned = db.prepare('SELECT m.platform_user_id FROM message_mentions mm JOIN members m ON m.id = mm.member_id WHERE mm.message_id = ?').all(row.id);
    expect(mentioned).toEqual([{ platform_user_id: '10003' }]);
  });

  it('writes all of a batch or none of it', () => {
    const bad = { ...msg(2, '10002', '小李'), groupId: 9999 };
    expect(() => ingestMessages(db, [msg(1, '10001', '小王'), bad])).toThrow();
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 0 });
  });
});

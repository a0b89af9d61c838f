import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { generateGroupInputs, generateMessages } from '../../../../electron/core/demo/generator';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { ingestMessages, type IncomingMessage } from '../../../../electron/core/inbox/ingest.service';
import { LiveIngestQueue } from '../../../../electron/core/inbox/live-ingest';
import { emptyDbPerTest } from '../../../helpers/tmp';

const T = Date.parse('2026-11-01T10:00:00Z');
const ws = emptyDbPerTest('live.db');

function seed(db: Db): { id: number; platform: never }[] {
  migrate(db);
  return db.transaction(() => generateGroupInputs(6, 3).map((g) => ({ id: insertGroup(db, g, T), platform: g.platform as never })))();
}

/** A timer the test fires by hand. */
function manualTimer() {
  const waiting: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => {
      waiting.push(fn);
      return () => waiting.splice(waiting.indexOf(fn), 1);
    },
    fire: () => waiting.splice(0).forEach((f) => f()),
    get armed() {
      return waiting.length;
    },
  };
}

const count = (db: Db) => (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;

function deliveries(groups: { id: number; platform: never }[], n: number, size: number): IncomingMessage[][] {
  return [...generateMessages(groups, { seed: 5, members: 60, messages: n, now: T, days: 20 }, size)];
}

describe('LiveIngestQueue', () => {
  it('gathers the deliveries of one wait into one commit, and tells which groups changed', async () => {
    const groups = seed(ws.db);
    const timer = manualTimer();
    const commits: { added: number; groupIds: number[] }[] = [];
    const q = new LiveIngestQueue(ws.db, { schedule: timer.schedule, onCommitted: (c) => commits.push(c) });
    const ds = deliveries(groups, 30, 10);
    const done = ds.map((d) => q.push(d));
    expect(q.pending).toBe(30);
    expect(timer.armed).toBe(1);
    expect(count(ws.db)).toBe(0);
    timer.fire();
    await Promise.all(done);
    expect(count(ws.db)).toBe(30);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.added).toBe(30);
    expect(commits[0]!.groupIds.sort()).toEqual([...new Set(ds.flat().map((m) => m.groupId))].sort());
    expect(q.pending).toBe(0);
  });

  it('commits at once when maxBatch messages wait, without waiting for the timer', async () => {
    const groups = seed(ws.db);
    const timer = manualTimer();
    const q = new LiveIngestQueue(ws.db, { schedule: timer.schedule, maxBatch: 20 });
    const [a, b, c] = deliveries(groups, 30, 10);
    const first = [q.push(a!), q.push(b!)];
    await Promise.all(first);
    expect(count(ws.db)).toBe(20);
    expect(timer.armed).toBe(0);
    const last = q.push(c!);
    expect(count(ws.db)).toBe(20);
    q.close();
    await last;
    expect(count(ws.db)).toBe(30);
    await expect(q.push(a!)).rejects.toThrow(/closed/);
  });

  it('a failing commit listener neither fails nor undoes the deliveries it reports', async () => {
    const groups = seed(ws.db);
    const q = new LiveIngestQueue(ws.db, { maxBatch: 10, onCommitted: () => { throw new Error('listener broke'); } });
    await expect(q.push(deliveries(groups, 10, 10)[0]!)).resolves.toBeUndefined();
    expect(count(ws.db)).toBe(10);
  });

  it('a bad delivery is refused on its own: the others of the same wait are committed', async () => {
    const groups = seed(ws.db);
    const timer = manualTimer();
    const q = new LiveIngestQueue(ws.db, { schedule: timer.schedule });
    const [a, b] = deliveries(groups, 20, 10);
    const bad = [{ ...a![0]!, groupId: 9999, sourceKey: 'nowhere' }];
    const pa = q.push(a!);
    const pBad = q.push(bad);
    const pb = q.push(b!);
    timer.fire();
    await expect(pBad).rejects.toThrow(/9999/);
    await Promise.all([pa, pb]);
    expect(count(ws.db)).toBe(20);
  });

  it('leaves the store exactly as committing each delivery on its own would', async () => {
    const groups = seed(ws.db);
    const ds = deliveries(groups, 400, 7);
    const q = new LiveIngestQueue(ws.db, { maxBatch: 60, schedule: manualTimer().schedule });
    await Promise.all(ds.map((d) => q.push(d)).concat(Promise.resolve(q.close())));

    const other = openDatabase(path.join(ws.dir, 'one-by-one.db'));
    try {
      seed(other);
      for (const d of ds) ingestMessages(other, d, { unread: true });
      const snapshot = (db: Db) => ({
        members: db.prepare('SELECT platform_user_id, display_name, first_seen_at, last_seen_at, msg_count, n7, n30, n90, days30, replies_received, replies_given, mentions_received, group_count FROM members ORDER BY platform_user_id').all(),
        memberships: db.prepare('SELECT group_id, m.platform_user_id, joined_at, s.msg_count, s.n30, s.days30, s.replies_received, s.mentions_received, s.threads_started FROM memberships s JOIN members m ON m.id = s.member_id ORDER BY 1, 2').all(),
        groups: db.prepare('SELECT id, message_count, unread_count, member_count, last_message_at FROM groups ORDER BY id').all(),
        search: db.prepare('SELECT count(*) AS n FROM message_search_docsize').get(),
        unread: db.prepare('SELECT count(*) AS n FROM messages WHERE flags & 1').get(),
      });
      expect(snapshot(ws.db)).toEqual(snapshot(other));
    } finally {
      other.close();
    }
  });
});

/**
 * Live ingest in its worker thread, against a real workspace file: deliveries are committed by the
 * worker's own connection (the calling thread's connection sees them land), grouped, a bad one
 * refused alone with its reason, and nothing left hanging when the worker closes or cannot start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { generateGroupInputs, generateMessages } from '../../../../electron/core/demo/generator';
import { LiveIngestThread } from '../../../../electron/core/inbox/live-ingest-thread';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import type { IncomingMessage } from '../../../../electron/core/inbox/ingest.service';
import { emptyDbPerTest } from '../../../helpers/tmp';

const T = Date.parse('2026-11-01T10:00:00Z');
const ws = emptyDbPerTest('live.db');
let thread: LiveIngestThread | null = null;
afterEach(async () => {
  await thread?.close();
  thread = null;
});

function seed(db: Db): { id: number; platform: never }[] {
  migrate(db);
  return db.transaction(() => generateGroupInputs(6, 3).map((g) => ({ id: insertGroup(db, g, T), platform: g.platform as never })))();
}
const count = (db: Db) => (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
const deliveries = (groups: { id: number; platform: never }[], n: number, size: number): IncomingMessage[][] => [...generateMessages(groups, { seed: 9, members: 80, messages: n, now: T, days: 20 }, size)];

describe('LiveIngestThread', () => {
  it('commits in its own thread: push returns before the commit, which the calling connection then sees, with counters and search current', async () => {
    const groups = seed(ws.db);
    const commits: { added: number; groupIds: number[] }[] = [];
    thread = new LiveIngestThread({ dbPath: path.join(ws.dir, 'live.db'), maxBatch: 2_000, onCommitted: (c) => commits.push(c) });
    await thread.ready();
    const [big] = deliveries(groups, 2_000, 2_000);
    // A full batch commits at once in the in-thread queue (before push returns); here push returns
    // at once and the worker commits. The calling connection holds the write lock meanwhile, so
    // nothing can have landed when it looks; once it lets go, the worker's commit goes through.
    ws.db.exec('BEGIN IMMEDIATE');
    const landing = thread.push(big!);
    expect(count(ws.db)).toBe(0);
    expect(thread.inFlight).toBe(1);
    ws.db.exec('COMMIT');
    await landing;
    expect(count(ws.db)).toBe(2_000);
    expect(thread.inFlight).toBe(0);
    expect(commits.reduce((n, c) => n + c.added, 0)).toBe(2_000);
    expect(new Set(commits.flatMap((c) => c.groupIds))).toEqual(new Set(big!.map((m) => m.groupId)));
    const counters = ws.db.prepare('SELECT sum(message_count) AS messages, sum(unread_count) AS unread FROM groups').get();
    expect(counters).toEqual({ messages: 2_000, unread: 2_000 });
    expect((ws.db.prepare('SELECT count(*) AS n FROM message_search_docsize').get() as { n: number }).n).toBe(2_000);
  });

  it('groups the deliveries that arrive together into few commits; a repeated delivery adds nothing', async () => {
    const groups = seed(ws.db);
    const commits: number[] = [];
    thread = new LiveIngestThread({ dbPath: path.join(ws.dir, 'live.db'), maxDelayMs: 50, onCommitted: (c) => commits.push(c.added) });
    const ds = deliveries(groups, 600, 20);
    await Promise.all(ds.map((d) => thread!.push(d)));
    expect(count(ws.db)).toBe(600);
    expect(commits.reduce((a, b) => a + b, 0)).toBe(600);
    expect(commits.length).toBeLessThan(ds.length / 3);
    await thread.push(ds[0]!);
    expect(count(ws.db)).toBe(600);
  });

  it('refuses a bad delivery alone, with its reason, and commits the others', async () => {
    const groups = seed(ws.db);
    thread = new LiveIngestThread({ dbPath: path.join(ws.dir, 'live.db') });
    const [a, b] = deliveries(groups, 40, 20);
    const bad = [{ ...a![0]!, groupId: 9999, sourceKey: 'nowhere' }];
    const results = await Promise.allSettled([thread.push(a!), thread.push(bad), thread.push(b!)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/group 9999 does not exist/);
    expect(count(ws.db)).toBe(40);
  });

  it('close commits what was pushed, then refuses further deliveries', async () => {
    const groups = seed(ws.db);
    const t = new LiveIngestThread({ dbPath: path.join(ws.dir, 'live.db'), maxDelayMs: 60_000 });
    const [a, b] = deliveries(groups, 40, 20);
    const pa = t.push(a!);
    await t.close();
    await expect(pa).resolves.toBeUndefined();
    expect(count(ws.db)).toBe(20);
    await expect(t.push(b!)).rejects.toThrow(/closed/);
    expect(count(ws.db)).toBe(20);
  });

  it('a workspace file that is not there: deliveries are refused with the reason, and no empty file is made', async () => {
    const groups = seed(ws.db);
    const missing = path.join(ws.dir, 'gone', 'live.db');
    const t = new LiveIngestThread({ dbPath: missing });
    const [a] = deliveries(groups, 5, 5);
    await expect(t.ready()).rejects.toThrow(/live ingest could not start: .*gone/);
    await expect(t.push(a!)).rejects.toThrow(/live ingest could not start: .*gone/);
    await t.close();
    await expect(t.push(a!)).rejects.toThrow();
    expect(fs.existsSync(missing)).toBe(false);
  });
});

/**
 * The first import into a new, empty workspace, over both transports: with no manual step the
 * roster is current afterwards — every sender's activity counted, the tags computed and the group
 * classified — as the operator would expect from a realistic QQ group export (tests/fixtures).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GroupDto } from '../../shared/domain/group';
import type { MemberRowDto } from '../../shared/domain/roster';
import type { ImportProgressEvent } from '../../shared/events';
import { qqGroupExport } from '../fixtures/generators/qq-group';
import { tmpDir } from '../helpers/tmp';
import { callOk, coreOptions, T0, TRANSPORTS, until, type TestTransport } from '../helpers/transports';

describe.each(TRANSPORTS)('the first import over %s', (_name, make) => {
  let t: ReturnType<typeof tmpDir>;
  let api: TestTransport;
  let events: { event: string; payload: unknown }[];
  beforeEach(async () => {
    t = tmpDir();
    api = await make(coreOptions(t.dir));
    events = [];
    await api.on((event, payload) => void events.push({ event, payload }));
  });
  afterEach(async () => {
    await api.close();
    t.cleanup();
  });
  const ok = <T>(method: string, params: unknown = {}) => callOk<T>(api, method, params);

  it('leaves the roster current: activity, tags and group classes, without 重新计算标签', async () => {
    // The export ends a day before the core's clock: everyone who posted in it is recent.
    const qq = qqGroupExport({ end: Date.parse(T0) - 86_400_000, senders: 30, messages: 400 });
    const file = path.join(t.dir, 'qq_group.txt');
    fs.writeFileSync(file, qq.text);

    const { jobId } = await ok<{ jobId: string }>('imports.start', { path: file, mode: 'import', timeZone: 'Asia/Shanghai' });
    await until(() => events.some((e) => e.event === 'import.progress' && (e.payload as ImportProgressEvent).jobId === jobId && (e.payload as ImportProgressEvent).phase === 'finished'), 20_000);
    // The roster follows on its own: a re-tag job starts and says when it is done.
    await until(() => events.some((e) => e.event === 'roster.changed'), 20_000);

    const { items } = await ok<{ items: MemberRowDto[] }>('roster.list', { limit: 500 });
    const posters = items.filter((m) => qq.bySender.has(m.platformUserId));
    expect(posters).toHaveLength(qq.bySender.size);
    for (const m of posters) {
      const want = qq.bySender.get(m.platformUserId)!;
      expect([m.name, m.messages, m.lastMessageAt]).toEqual([want.name, want.messages, new Date(want.last).toISOString()]);
    }
    // The busiest posters are active; nobody is left untagged for lack of a re-tag.
    expect(posters.filter((m) => m.tags.includes('active')).length).toBeGreaterThan(0);
    const status = await ok<{ job: unknown }>('roster.retagStatus');
    expect(status.job).toBeNull();
    const groups = await ok<GroupDto[]>('groups.list', {});
    expect(groups.map((g) => g.name)).toEqual([qq.group]);
    // The value class (read by the inbox's 群价值 filter) is set, not left empty.
    const stored = api.core.workspaces.db.prepare('SELECT class FROM groups').all() as { class: string | null }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.class).not.toBeNull();
  });
});

/** The inbox and search methods over both transports, on the demo workspace. */
import { describe, expect, it } from 'vitest';
import type { InboxGroupDto, MessageDto } from '../../shared/domain/message';
import type { MessagePage } from '../../shared/api/inbox';
import { TRANSPORTS, transportPerTest, until } from '../helpers/transports';

describe.each(TRANSPORTS)('inbox contract over %s', (_name, make) => {
  const s = transportPerTest(make, { demo: true });
  const ok = s.ok;

  it('pages the inbox newest first, and the sidebar counts unread per group', async () => {
    const side = await ok<{ groups: InboxGroupDto[]; unread: number }>('inbox.groups');
    expect(side.groups.length).toBe(12);
    expect(side.unread).toBe(side.groups.reduce((n, g) => n + g.unread, 0));
    expect(side.unread).toBeGreaterThan(0);
    const p1 = await ok<MessagePage>('inbox.list', { limit: 30 });
    const p2 = await ok<MessagePage>('inbox.list', { limit: 30, cursor: p1.next });
    const all = [...p1.items, ...p2.items];
    expect(new Set(all.map((m) => m.id)).size).toBe(60);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.sentAt >= all[i]!.sentAt).toBe(true);
    const busiest = side.groups.find((g) => g.unread > 0)!;
    const unread = await ok<MessagePage>('inbox.list', { filter: { groupIds: [busiest.id], unreadOnly: true }, limit: 500 });
    expect(unread.items).toHaveLength(busiest.unread);
    expect(unread.items.every((m) => m.unread && m.groupId === busiest.id)).toBe(true);
  });

  it('marks read, sends inbox.changed, and the counter drops by exactly that much', async () => {
    const events: unknown[] = [];
    const off = await s.api.on((e, p) => {
      if (e === 'inbox.changed') events.push(p);
    });
    const side = await ok<{ groups: InboxGroupDto[]; unread: number }>('inbox.groups');
    const g = side.groups.find((x) => x.unread >= 2)!;
    const page = await ok<MessagePage>('inbox.list', { filter: { groupIds: [g.id], unreadOnly: true }, limit: 2 });
    expect(await ok('inbox.mark', { ids: page.items.map((m) => m.id), read: true })).toEqual({ changed: 2 });
    await until(() => events.length === 1);
    expect(events[0]).toEqual({ groupIds: [g.id], reason: 'mark' });
    const after = await ok<{ groups: InboxGroupDto[]; unread: number }>('inbox.groups');
    expect(after.groups.find((x) => x.id === g.id)!.unread).toBe(g.unread - 2);
    expect(after.unread).toBe(side.unread - 2);
    expect(await ok('inbox.pin', { groupId: g.id, pinned: true })).toEqual({ ok: true });
    await until(() => events.length === 2);
    expect(events[1]).toEqual({ groupIds: [g.id], reason: 'pin' });
    expect((await ok<{ groups: InboxGroupDto[] }>('inbox.groups')).groups[0]).toMatchObject({ id: g.id, pinned: true });
    off();
  });

  it('searches a two-character word with highlights, counts, and opens a result in context', async () => {
    const found = await ok<MessagePage & { terms: string[] }>('search.messages', { query: '社群', limit: 20 });
    expect(found.terms).toEqual(['社群']);
    expect(found.items.length).toBe(20);
    for (const m of found.items) {
      expect(m.text).toContain('社群');
      expect(m.highlights.length).toBeGreaterThan(0);
      for (const [a, b] of m.highlights) expect(m.text.slice(a, b)).toBe('社群');
    }
    const count = await ok<{ count: number; capped: boolean }>('search.count', { query: '社群' });
    expect(count.capped).toBe(false);
    expect(count.count).toBeGreaterThanOrEqual(20);
    const ctx = await ok<{ message: MessageDto; before: MessageDto[]; after: MessageDto[] }>('inbox.context', { id: found.items[5]!.id, around: 3 });
    expect(ctx.message.id).toBe(found.items[5]!.id);
    expect([...ctx.before, ...ctx.after].every((m) => m.groupId === ctx.message.groupId)).toBe(true);
    if (ctx.message.sender) {
      const card = await ok<{ name: string; groups: unknown[] }>('inbox.sender', { memberId: ctx.message.sender.id });
      expect(card.groups.length).toBeGreaterThan(0);
    }
  });

  it('lists unanswered questions and gives a copy-ready manual reply', async () => {
    const u = await ok<{ items: (MessageDto & { waitingMinutes: number })[] }>('inbox.unanswered', { withinMinutes: 120, days: 30 });
    expect(u.items.length).toBeGreaterThan(0);
    // A question, or a message that @-mentions staff.
    expect(u.items.every((m) => (m.question || m.text.includes('@')) && m.waitingMinutes >= 120)).toBe(true);
    expect(u.items.some((m) => m.question)).toBe(true);
    const r = await ok<{ mode: string; copyText: string }>('inbox.reply', { id: u.items[0]!.id, text: '已经安排同事跟进' });
    expect(r.mode).toBe('manual');
    expect(r.copyText.endsWith('已经安排同事跟进')).toBe(true);
  });

  it('answers bad input with clear errors in the user’s language', async () => {
    const bad = await s.api.call('inbox.list', { cursor: 'nonsense' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!bad.ok && bad.error.message).toContain('分页位置无效');
    const empty = await s.api.call('inbox.mark', { ids: [], read: true });
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const missing = await s.api.call('inbox.get', { id: 99_999_999 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const date = await s.api.call('inbox.list', { filter: { since: 'yesterday-ish' } });
    expect(date).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIVITY_COLUMNS } from '../../../../electron/core/db/migrations/0005-roster-members';
import { rebuildActivity } from '../../../../electron/core/roster/activity.service';
import { ingestEvents, ingestMessages, type IncomingMessage } from '../../../../electron/core/inbox/ingest.service';
import { setMeta } from '../../../../electron/core/db/meta.repo';
import { DAY, history, type History } from '../../../helpers/history';

const AS_OF = Date.parse('2026-11-20T12:00:00Z');
let h: History;
beforeEach(() => {
  h = history('activity.db');
});
afterEach(() => h.close());

const cols = ACTIVITY_COLUMNS.join(', ');
const memberships = () => h.db.prepare(`SELECT group_id, member_id, ${cols} FROM memberships ORDER BY group_id, member_id`).all();
const members = () => h.db.prepare(`SELECT id, ${cols}, group_count FROM members ORDER BY id`).all();
const of = (uid: string, groupId?: number) =>
  (groupId === undefined
    ? h.db.prepare(`SELECT ${cols}, group_count FROM members WHERE id = ?`).get(h.memberId(uid))
    : h.db.prepare(`SELECT ${cols} FROM memberships WHERE member_id = ? AND group_id = ?`).get(h.memberId(uid), groupId)) as Record<string, number | null>;

describe('activity features', () => {
  it('counts messages per window, distinct days, replies, answers, threads and mentions (rebuild)', () => {
    const g = h.group('北京运营交流群');
    const g2 = h.group('上海群');
    const q = h.say(g, 'asker', AS_OF - 3 * DAY, { text: '怎么报名？' });
    ingestMessages(h.db, [
      h.say(g, 'kol', AS_OF - 100 * DAY),
      h.say(g, 'kol', AS_OF - 40 * DAY),
      h.say(g, 'kol', AS_OF - 10 * DAY),
      h.say(g, 'kol', AS_OF - 2 * DAY),
      h.say(g, 'kol', AS_OF - 2 * DAY + 60_000),
      q,
      h.say(g, 'kol', AS_OF - 3 * DAY + 1000, { replyToKey: q.sourceKey }),
      h.say(g, 'other', AS_OF - 3 * DAY + 2000, { replyToKey: q.sourceKey, mentions: [h.person('kol')] }),
      h.say(g, 'asker', AS_OF - DAY, { replyToKey: q.sourceKey }), // own message: not a reply between people
      h.say(g2, 'kol', AS_OF - DAY),
    ]);
    rebuildActivity(h.db, { asOf: AS_OF, dayOffsetMs: 0 });
    expect(of('kol', g)).toMatchObject({ msg_count: 6, n7: 3, n30: 4, n90: 5, days30: 3, replies_given: 1, answers_given: 1, mentions_received: 1, replies_received: 0 });
    expect(of('kol', g)!.last_message_at).toBe(AS_OF - 2 * DAY + 60_000);
    expect(of('asker', g)).toMatchObject({ msg_count: 2, replies_received: 2, threads_started: 1, replies_given: 0 });
    // Across groups: sums, and distinct days over all groups.
    expect(of('kol')).toMatchObject({ msg_count: 7, n7: 4, n30: 5, days30: 4, group_count: 2, last_message_at: AS_OF - DAY });
  });

  it('a scoped rebuild (after an import) recomputes only those groups, as of the stored moment', () => {
    const g = h.group('A');
    const g2 = h.group('B');
    ingestMessages(h.db, [h.say(g, 'x', AS_OF - DAY), h.say(g2, 'x', AS_OF - DAY)]);
    rebuildActivity(h.db, { asOf: AS_OF, dayOffsetMs: 0 });
    // Rows written behind the live path's back (as a bulk import does), then the scoped rebuild.
    h.db.prepare('UPDATE memberships SET msg_count = 99').run();
    rebuildActivity(h.db, { asOf: AS_OF + 365 * DAY, groupIds: [g], dayOffsetMs: 0 });
    expect(of('x', g)).toMatchObject({ msg_count: 1, n7: 1 }); // as of AS_OF, not a year later
    expect(of('x', g2)!.msg_count).toBe(99);
  });

  it('joins and leaves keep the member group count', () => {
    const g = h.group('A');
    const g2 = h.group('B');
    ingestEvents(h.db, [
      { groupId: g, sourceKey: 'j1', at: AS_OF - 5 * DAY, kind: 'join', members: [h.person('p')] },
      { groupId: g2, sourceKey: 'j2', at: AS_OF - 5 * DAY, kind: 'join', members: [h.person('p')] },
    ]);
    expect(of('p')!.group_count).toBe(2);
    ingestEvents(h.db, [{ groupId: g2, sourceKey: 'l1', at: AS_OF - DAY, kind: 'leave', members: [h.person('p')] }]);
    expect(of('p')!.group_count).toBe(1);
  });

  it('property: the live path (message by message, or in batches, in time order) equals a rebuild as of the same moment', () => {
    const people = ['a', 'b', 'c', 'd'];
    const event = fc.record({
      group: fc.integer({ min: 0, max: 1 }),
      who: fc.constantFrom(...people),
      dt: fc.integer({ min: 0, max: 20 * 3600_000 }),
      question: fc.boolean(),
      replyTo: fc.option(fc.nat(), { nil: null }),
      mention: fc.option(fc.constantFrom(...people), { nil: null }),
      // Bursts: several messages within hours, so one batch holds a sender's messages of one day.
      burst: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 * DAY }), (events, chunk, slack) => {
        const hh = history('prop.db');
        try {
          const groups = [hh.group('G0'), hh.group('G1')];
          // The moment the windows count back from: set before anything arrives.
          const end = AS_OF;
          setMeta(hh.db, 'activity_as_of', String(end));
          // Gaps of up to 5 days, or bursts within hours (so a batch holds a sender's messages of one day);
          // the history is shifted to end just before the moment, so every window sees messages.
          const gaps = events.map((e) => (e.burst ? Math.floor(e.dt / 10) : e.dt * 6));
          let at = end - slack - gaps.reduce((a, b) => a + b, 0);
          const sent: IncomingMessage[] = [];
          for (const [i, e] of events.entries()) {
            at += gaps[i]!;
            const groupId = groups[e.group]!;
            const earlier = sent.filter((m) => m.groupId === groupId);
            const target = e.replyTo !== null && earlier.length ? earlier[e.replyTo % earlier.length]! : null;
            const m = hh.say(groupId, e.who, at, { text: e.question ? '怎么办？' : '好的', ...(target ? { replyToKey: target.sourceKey } : {}), ...(e.mention ? { mentions: [hh.person(e.mention)] } : {}) });
            sent.push(m);
          }
          // Live: a few messages per call (one, as a connector delivers them, or a burst), each batch summed per sender.
          for (let i = 0; i < sent.length; i += chunk) ingestMessages(hh.db, sent.slice(i, i + chunk), { unread: true });
          const off = -new Date(end).getTimezoneOffset() * 60_000;
          const live = { ms: hh.db.prepare(`SELECT group_id, member_id, ${cols} FROM memberships ORDER BY 1, 2`).all(), m: hh.db.prepare(`SELECT id, ${cols}, group_count FROM members ORDER BY id`).all() };
          rebuildActivity(hh.db, { asOf: end, dayOffsetMs: off });
          const rebuilt = { ms: hh.db.prepare(`SELECT group_id, member_id, ${cols} FROM memberships ORDER BY 1, 2`).all(), m: hh.db.prepare(`SELECT id, ${cols}, group_count FROM members ORDER BY id`).all() };
          expect(live).toEqual(rebuilt);
        } finally {
          hh.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a rebuild with no messages leaves every counter at zero', () => {
    const g = h.group('A');
    ingestEvents(h.db, [{ groupId: g, sourceKey: 'j', at: AS_OF - DAY, kind: 'join', members: [h.person('p')] }]);
    rebuildActivity(h.db, { asOf: AS_OF });
    expect(memberships()).toEqual([expect.objectContaining({ msg_count: 0, n30: 0, last_message_at: null })]);
    expect(members()).toEqual([expect.objectContaining({ msg_count: 0, group_count: 1 })]);
  });
});

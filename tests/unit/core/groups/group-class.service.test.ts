import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeGroupClasses } from '../../../../electron/core/groups/group-class.service';
import { ingestEvents, ingestMessages, type IncomingMessage } from '../../../../electron/core/inbox/ingest.service';
import { DAY, history, type History } from '../../../helpers/history';

const AS_OF = Date.parse('2026-11-20T12:00:00Z');
let h: History;
beforeEach(() => {
  h = history('classes.db');
});
afterEach(() => h.close());

const classOf = (groupId: number) => computeGroupClasses(h.db, AS_OF).find((r) => r.groupId === groupId)!;
/** `n` members who joined long ago and never spoke. */
const lurkers = (groupId: number, n: number, tag: string) =>
  ingestEvents(h.db, Array.from({ length: n }, (_, i) => ({ groupId, sourceKey: `${tag}${i}`, at: AS_OF - 60 * DAY, kind: 'join' as const, members: [h.person(`${tag}-${i}`)] })));

describe('group classes', () => {
  it('dead: no message in 14 days (exactly 14 days ago counts as none)', () => {
    const g = h.group('老群');
    ingestMessages(h.db, [h.say(g, 'a', AS_OF - 14 * DAY)]);
    expect(classOf(g)).toMatchObject({ cls: 'dead', reasons: { rule: 'no-recent-message' } });
    ingestMessages(h.db, [h.say(g, 'a', AS_OF - 14 * DAY + 1)]);
    expect(classOf(g).reasons.rule).not.toBe('no-recent-message');
  });

  it('dead: fewer than 2% of members spoke in 30 days', () => {
    const g = h.group('大群', { platform: 'qq' });
    lurkers(g, 99, 'l');
    ingestMessages(h.db, [h.say(g, 'a', AS_OF - DAY)]); // 1 speaker of 100
    expect(classOf(g)).toMatchObject({ cls: 'dead', reasons: { rule: 'few-speakers', speakers: 1, members: 100 } });
    ingestMessages(h.db, [h.say(g, 'b', AS_OF - DAY)]); // 2 of 101: 1.98%
    expect(classOf(g).cls).toBe('dead');
    ingestMessages(h.db, [h.say(g, 'c', AS_OF - DAY)]); // 3 of 102: 2.9%
    expect(classOf(g).cls).not.toBe('dead');
  });

  it('spam: at least 30% of recent messages flagged', () => {
    const g = h.group('广告群');
    const msgs: IncomingMessage[] = Array.from({ length: 10 }, (_, i) => h.say(g, `p${i}`, AS_OF - DAY + i));
    ingestMessages(h.db, msgs);
    const flag = (n: number) => h.db.prepare('UPDATE messages SET flags = flags | 4 WHERE id IN (SELECT id FROM messages WHERE group_id = ? ORDER BY id LIMIT ?)').run(g, n);
    flag(2);
    expect(classOf(g).cls).not.toBe('spam');
    flag(3);
    expect(classOf(g)).toMatchObject({ cls: 'spam', reasons: { spamShare: 30 } });
  });

  it('high-value: speaker share at its platform norm and questions mostly answered; else general', () => {
    const g = h.group('微信群', { platform: 'wechat' }); // norm 20%
    lurkers(g, 6, 'w');
    const q1 = h.say(g, 'asker', AS_OF - 2 * DAY, { text: '怎么报名？' });
    const q2 = h.say(g, 'asker', AS_OF - DAY, { text: '有没有回放？' });
    ingestMessages(h.db, [q1, q2, h.say(g, 'helper', AS_OF - 2 * DAY + 1000, { replyToKey: q1.sourceKey })]); // 2 speakers of 8 = 25%, 1 of 2 answered
    expect(classOf(g)).toMatchObject({ cls: 'high-value', reasons: { questions: 2, answered: 1, norm: 20 } });
    ingestMessages(h.db, [h.say(g, 'asker', AS_OF - DAY + 5, { text: '在哪里看？' })]); // 1 of 3 answered
    expect(classOf(g)).toMatchObject({ cls: 'general', reasons: { rule: 'rest' } });
    // A staff message within the hour answers without quoting.
    ingestMessages(h.db, [h.say(g, 'owner', AS_OF - DAY + 60_000, { sender: h.person('owner', 'owner') })]);
    expect(classOf(g).cls).toBe('high-value');
  });
});

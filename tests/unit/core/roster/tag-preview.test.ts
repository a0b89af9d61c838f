/** The tag-rules preview in a worker thread: the same counts as in the core's thread; the latest request wins. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PreviewSupersededError, TagPreviews } from '../../../../electron/core/roster/tag-preview';
import { ingestEvents, ingestMessages } from '../../../../electron/core/inbox/ingest.service';
import { computeTags, countTags, setOverride } from '../../../../electron/core/roster/tagging.service';
import { DEFAULT_THRESHOLDS, type TagThresholds } from '../../../../shared/domain/roster';
import { DAY, history, type History } from '../../../helpers/history';

const AS_OF = Date.parse('2026-11-20T12:00:00Z');
let h: History;
let previews: TagPreviews;

beforeEach(() => {
  h = history('preview.db');
  previews = new TagPreviews();
  const a = h.group('北京运营交流群');
  const b = h.group('上海读书会');
  const msgs = [];
  // A KOL: six people reply to or @ "kol" in group a; "busy" talks every day; "quiet" stopped.
  for (let i = 0; i < 6; i++) {
    const q = h.say(a, 'kol', AS_OF - (10 - i) * DAY);
    msgs.push(q, h.say(a, `fan${i}`, AS_OF - (10 - i) * DAY + 60_000, { replyToKey: q.sourceKey }));
  }
  for (let d = 1; d <= 12; d++) msgs.push(h.say(a, 'busy', AS_OF - d * DAY), h.say(b, 'busy', AS_OF - d * DAY + 1000));
  for (let d = 20; d <= 40; d++) msgs.push(h.say(b, 'quiet', AS_OF - d * DAY), h.say(b, 'quiet', AS_OF - d * DAY + 5000));
  msgs.push(h.say(b, 'once', AS_OF - 60 * DAY));
  ingestMessages(h.db, msgs);
  ingestEvents(h.db, [
    { groupId: a, sourceKey: 'j-new', at: AS_OF - 2 * DAY, kind: 'join', members: [h.person('newbie')] },
    { groupId: b, sourceKey: 'j-old', at: AS_OF - 90 * DAY, kind: 'join', members: [h.person('lurker')] },
  ]);
  setOverride(h.db, a, h.memberId('busy'), 'kol', 'on', AS_OF);
});
afterEach(() => {
  previews.closeAll();
  h.close();
});

const inThread = (th: TagThresholds) => countTags(computeTags(h.db, { asOf: AS_OF, thresholds: th }));
const inWorker = (th: TagThresholds) => previews.run({ dbPath: h.db.name, asOf: AS_OF, thresholds: th });

describe('tag preview in a worker', () => {
  it('counts exactly what computeTags counts in the calling thread, for any thresholds', async () => {
    const base = inThread(DEFAULT_THRESHOLDS);
    expect(base.kol).toBeGreaterThan(0);
    expect(base.active).toBeGreaterThan(0);
    expect(base.new).toBeGreaterThan(0);
    expect(base.silent).toBeGreaterThan(0);
    expect(await inWorker(DEFAULT_THRESHOLDS)).toEqual(base);
    const other = { ...DEFAULT_THRESHOLDS, silentDays: 5, activeMinDays: 5, kolMinPeople: 7, atRiskTopPercent: 100 };
    expect(inThread(other)).not.toEqual(base);
    expect(await inWorker(other)).toEqual(inThread(other));
  });

  it('stops the preview still running when a newer one is asked for', async () => {
    const first = inWorker(DEFAULT_THRESHOLDS);
    const second = inWorker({ ...DEFAULT_THRESHOLDS, silentDays: 5 });
    await expect(first).rejects.toBeInstanceOf(PreviewSupersededError);
    expect(await second).toEqual(inThread({ ...DEFAULT_THRESHOLDS, silentDays: 5 }));
  });
});

/**
 * The per-robot send queue on a fake clock: sliding windows over real send times, FIFO order,
 * platform locks honoured to the millisecond, pause/resume/halt, and a property test comparing
 * every random arrival pattern against a reference model of when each send may start.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failed, retry, sent, type RateLimit, type SendOutcome } from '../../../../electron/core/channels/channel';
import { RateQueue } from '../../../../electron/core/channels/rate-queue';
import { drive, FakeTime, flush, maxInWindow } from '../../../helpers/fake-time';

const T0 = 1_000_000;

function harness(limits: RateLimit[], answer: (item: string, attempt: number) => SendOutcome | Promise<SendOutcome> = () => sent(), extra: { marginMs?: number; maxAttempts?: number } = {}) {
  const time = new FakeTime(T0);
  const log: { item: string; at: number }[] = [];
  const attempts = new Map<string, number>();
  const q = new RateQueue<string>({
    limits,
    clock: time,
    timer: time,
    marginMs: extra.marginMs ?? 0,
    maxAttempts: extra.maxAttempts ?? 5,
    send: async (item) => {
      log.push({ item, at: time.now() });
      const n = (attempts.get(item) ?? 0) + 1;
      attempts.set(item, n);
      return answer(item, n);
    },
  });
  const results = new Map<string, SendOutcome>();
  const add = (...items: string[]) => {
    for (const i of items) void q.enqueue(i).then((o) => results.set(i, o));
  };
  return { time, q, log, results, add, run: (n: number) => drive(time, () => results.size >= n) };
}

const ids = (n: number, p = 'm') => Array.from({ length: n }, (_, i) => `${p}${i + 1}`);

describe('RateQueue', () => {
  it('sends 45 messages at 20/min over a sliding window, in order, with no idle time', async () => {
    const h = harness([{ max: 20, windowMs: 60_000 }]);
    h.add(...ids(45));
    await h.run(45);
    expect(h.log.map((l) => l.item)).toEqual(ids(45));
    const times = h.log.map((l) => l.at - T0);
    expect(maxInWindow(times, 60_000)).toBe(20);
    // Each send waits exactly until the 20th-previous one leaves the window, not a moment longer.
    expect(times.slice(19, 22)).toEqual([0, 60_000, 60_000]);
    expect(times[44]).toBe(120_000);
  });

  it('measures the window from actual send times, not from clock buckets', async () => {
    const h = harness([{ max: 2, windowMs: 1000 }]);
    h.add('a');
    await flush();
    h.time.setTimeout(() => h.add('b', 'c'), 900);
    await h.run(3);
    // Fixed one-second buckets would let "c" go at 1000; the sliding window holds it until a + 1000.
    expect(h.log.map((l) => l.at - T0)).toEqual([0, 900, 1000]);
    expect(maxInWindow(h.log.map((l) => l.at), 1000)).toBe(2);
  });

  it('obeys every limit at once (Feishu: 100/min and 5/s)', async () => {
    const h = harness([
      { max: 100, windowMs: 60_000 },
      { max: 5, windowMs: 1_000 },
    ]);
    h.add(...ids(130));
    await h.run(130);
    const times = h.log.map((l) => l.at);
    expect(maxInWindow(times, 1_000)).toBe(5);
    expect(maxInWindow(times, 60_000)).toBe(100);
    expect(h.log.map((l) => l.item)).toEqual(ids(130));
  });

  it('adds the safety margin to every window', async () => {
    const h = harness([{ max: 1, windowMs: 1000 }], undefined, { marginMs: 250 });
    h.add('a', 'b', 'c');
    await h.run(3);
    expect(h.log.map((l) => l.at - T0)).toEqual([0, 1250, 2500]);
  });

  it('locks the robot for exactly retryAfterMs from the reply and resends the same message first', async () => {
    const h = harness([{ max: 20, windowMs: 60_000 }], (item, n) => (item === 'm2' && n === 1 ? retry(7000, 'rate_limited', '429') : sent()));
    h.add(...ids(4));
    await flush();
    expect(h.q.status()).toMatchObject({ queued: 3, lockedUntil: T0 + 7000, nextSendAt: T0 + 7000 });
    await h.run(4);
    expect(h.log.map((l) => [l.item, l.at - T0])).toEqual([
      ['m1', 0],
      ['m2', 0],
      ['m2', 7000],
      ['m3', 7000],
      ['m4', 7000],
    ]);
    expect([...h.results.values()].every((o) => o.status === 'sent')).toBe(true);
  });

  it('keeps a DingTalk-style 10-minute lock for the next message even after one gives up', async () => {
    const h = harness([{ max: 20, windowMs: 60_000 }], (item) => (item === 'm1' ? retry(600_000, 'rate_limited', 'send too fast') : sent()), { maxAttempts: 2 });
    h.add('m1', 'm2');
    await h.run(2);
    expect(h.results.get('m1')).toMatchObject({ status: 'retry', reason: { code: 'rate_limited' } });
    expect(h.log.map((l) => [l.item, l.at - T0])).toEqual([
      ['m1', 0],
      ['m1', 600_000],
      ['m2', 1_200_000],
    ]);
  });

  it('pauses between sends and resumes where it stopped', async () => {
    const h = harness([{ max: 1, windowMs: 1000 }]);
    h.add(...ids(5));
    await flush();
    h.time.fireNext();
    await flush();
    h.q.pause();
    expect(h.q.status()).toMatchObject({ queued: 3, paused: true, sending: false });
    expect(h.time.pending).toBe(0);
    h.time.setTimeout(() => h.q.resume(), 60_000);
    await h.run(5);
    expect(h.log.map((l) => [l.item, l.at - T0])).toEqual([
      ['m1', 0],
      ['m2', 1000],
      ['m3', 61_000],
      ['m4', 62_000],
      ['m5', 63_000],
    ]);
    expect(h.q.status()).toEqual({ queued: 0, sending: false, paused: false, lockedUntil: null, nextSendAt: null, halted: null });
  });

  it('halts on a robot-level failure, keeps the backlog, and continues after resume()', async () => {
    let keyFixed = false;
    const h = harness([{ max: 20, windowMs: 60_000 }], () => (keyFixed ? sent() : failed('invalid_credentials', 'bad key', 93000)));
    h.add(...ids(3));
    await flush();
    expect(h.results.get('m1')).toMatchObject({ status: 'failed', code: 93000 });
    expect(h.q.status()).toMatchObject({ queued: 2, halted: { code: 'invalid_credentials' } });
    expect(h.log).toHaveLength(1);
    keyFixed = true;
    h.q.resume();
    await h.run(3);
    expect(h.log.map((l) => l.item)).toEqual(['m1', 'm2', 'm3']);
  });

  it('does not halt for a failure that concerns one message only', async () => {
    const h = harness([{ max: 20, windowMs: 60_000 }], (item) => (item === 'm1' ? failed('keyword_missing', 'no keyword', 310000) : sent()));
    h.add(...ids(3));
    await h.run(3);
    expect(h.results.get('m3')).toEqual({ status: 'sent' });
  });

  it('clear() hands waiting messages back as cancelled, never attempted', async () => {
    const h = harness([{ max: 1, windowMs: 1000 }]);
    h.add(...ids(4));
    await flush();
    expect(h.q.clear()).toBe(3);
    await flush();
    expect(h.results.get('m2')).toMatchObject({ status: 'retry', reason: { code: 'cancelled' } });
    expect(h.log.map((l) => l.item)).toEqual(['m1']);
    expect(h.time.pending).toBe(0);
  });

  it('reports a sender that throws as uncertain rather than retrying it', async () => {
    const h = harness([{ max: 5, windowMs: 1000 }], (item) => {
      if (item === 'm1') throw new Error('boom with key=SECRET');
      return sent();
    });
    h.add('m1', 'm2');
    await h.run(2);
    expect(h.results.get('m1')).toMatchObject({ status: 'uncertain', reason: { code: 'connection_lost' } });
    expect(JSON.stringify(h.results.get('m1'))).not.toContain('SECRET');
    expect(h.log.map((l) => l.item)).toEqual(['m1', 'm2']);
  });

  it('honours a lock set from outside, e.g. restored after a restart', async () => {
    const h = harness([{ max: 5, windowMs: 1000 }]);
    h.q.lockUntil(T0 + 30_000);
    h.add('m1');
    await h.run(1);
    expect(h.log[0]!.at).toBe(T0 + 30_000);
  });

  it('rejects nonsense limits', () => {
    expect(() => new RateQueue({ limits: [{ max: 0, windowMs: 1000 }], send: async () => sent() })).toThrow(RangeError);
  });
});

describe('RateQueue properties', () => {
  const limitArb = fc.record({ max: fc.integer({ min: 1, max: 5 }), windowMs: fc.integer({ min: 1, max: 5000 }) });
  const arrivalArb = fc.record({
    gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4000 })),
    latency: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 700 })),
    retryAfter: fc.option(fc.integer({ min: 0, max: 5000 }), { freq: 4 }),
  });

  it('never exceeds any window, sends everything in order, and never waits longer than it must', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(limitArb, { minLength: 1, maxLength: 3 }), fc.array(arrivalArb, { minLength: 1, maxLength: 35 }), fc.integer({ min: 0, max: 300 }), async (limits, arrivals, margin) => {
        const time = new FakeTime(T0);
        type Attempt = { item: number; start: number; end: number; outcome: SendOutcome };
        const attempts: Attempt[] = [];
        const enqueuedAt: number[] = [];
        const retried = new Set<number>();
        const q = new RateQueue<number>({
          limits,
          clock: time,
          timer: time,
          marginMs: margin,
          maxAttempts: 3,
          send: async (item) => {
            const a = arrivals[item]!;
            const start = time.now();
            if (a.latency) await time.sleep(a.latency);
            const outcome = a.retryAfter !== null && !retried.has(item) ? retry(a.retryAfter, 'rate_limited', 'x') : sent();
            if (outcome.status === 'retry') retried.add(item);
            attempts.push({ item, start, end: time.now(), outcome });
            return outcome;
          },
        });
        const results: (SendOutcome | undefined)[] = arrivals.map(() => undefined);
        let at = 0;
        arrivals.forEach((a, i) => {
          at += a.gap;
          time.setTimeout(() => {
            enqueuedAt[i] = time.now();
            void q.enqueue(i).then((o) => (results[i] = o));
          }, at);
        });
        await drive(time, () => results.every((r) => r !== undefined));

        // Everything is delivered, and in arrival order (a retried message goes again before the next).
        expect(results.every((r) => r?.status === 'sent')).toBe(true);
        const order = attempts.map((a) => a.item).filter((item, k, all) => k === 0 || all[k - 1] !== item);
        expect(order).toEqual(arrivals.map((_, i) => i));

        // No window of any limit's length (plus margin) ever holds more than `max` sends.
        const starts = attempts.map((a) => a.start);
        for (const l of limits) expect(maxInWindow(starts, l.windowMs + margin)).toBeLessThanOrEqual(l.max);

        // Reference model: each send starts at the earliest moment all rules allow, no later.
        let lock = -Infinity;
        attempts.forEach((a, k) => {
          const prev = attempts[k - 1];
          let expected = Math.max(enqueuedAt[a.item]!, prev ? prev.end : -Infinity, lock);
          for (const l of limits) if (k >= l.max) expected = Math.max(expected, attempts[k - l.max]!.start + l.windowMs + margin);
          expect(a.start).toBe(expected);
          if (a.outcome.status === 'retry') lock = Math.max(lock, a.end + a.outcome.retryAfterMs);
        });
      }),
      { numRuns: 150 },
    );
  });
});

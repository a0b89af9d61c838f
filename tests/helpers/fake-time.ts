/**
 * A clock and timer pair the tests drive by hand: time only moves when a test fires the next timer,
 * so minutes of rate limiting run in milliseconds and every time a test sees is exact.
 */
import type { QueueClock, TimerApi } from '../../electron/core/channels/rate-queue';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeTime implements QueueClock, TimerApi {
  private t: number;
  private seq = 0;
  private timers: Pending[] = [];

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((p) => p.id !== handle);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Jumps to the earliest timer and runs it; false when none is left. */
  fireNext(): boolean {
    if (this.timers.length === 0) return false;
    let next = this.timers[0]!;
    for (const p of this.timers) if (p.at < next.at || (p.at === next.at && p.id < next.id)) next = p;
    this.timers = this.timers.filter((p) => p !== next);
    this.t = Math.max(this.t, next.at);
    next.fn();
    return true;
  }
}

/** Lets every queued promise continuation run (microtasks and immediates), without moving fake time. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs fake time until `done()`: while a real HTTP exchange is under way (`busy()`), waits for it in
 * real time; otherwise jumps to the next fake timer. Throws instead of spinning when nothing can
 * make progress.
 */
export async function drive(time: FakeTime, done: () => boolean, busy: () => boolean = () => false): Promise<void> {
  for (let steps = 0; steps < 100_000; steps++) {
    await flush();
    if (done()) return;
    if (busy()) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      continue;
    }
    if (!time.fireNext()) throw new Error('stalled: nothing left to run but not done');
  }
  throw new Error('drive: too many steps');
}

/** The most events that fall in any half-open window [a, a + windowMs). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const s = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < s.length; hi++) {
    while (s[hi]! - s[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

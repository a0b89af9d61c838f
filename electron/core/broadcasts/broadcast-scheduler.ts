/**
 * The one scheduler: runs whatever makes broadcasts at set times (its `sources`: the calendar's
 * due entries and auto-send columns, which recurring broadcasts are) while the app (or browser
 * mode) is open: on start it makes whatever fell due while it was closed (the sources decide what
 * is still worth sending), then wakes at the next time due. It also looks every minute,
 * because a computer that slept, a changed clock or another process writing schedules to the same
 * file can all move "the next occurrence" without telling this timer.
 */
import type { TimerApi } from '../channels/rate-queue';
import { systemTimer } from '../channels/rate-queue';
import { log } from '../log';
import type { BroadcastDeps } from './broadcasts.service';

/** Something that makes broadcasts when they fall due (each run in its own transactions). */
export interface DueSource {
  name: string;
  /** Makes what is due now; the broadcasts created. */
  run(d: BroadcastDeps): number[];
  /** When it next falls due (ms), or null. */
  next(d: BroadcastDeps): number | null;
}

export interface SchedulerDeps {
  /** Read on every run: the workspace's locale can change while the app is open. */
  deps(): BroadcastDeps;
  timer?: TimerApi;
  pollMs?: number;
  sources: readonly DueSource[];
  /** A broadcast was created: lists refresh, the outbox looks for due targets. */
  onCreated?(broadcastId: number): void;
}

const POLL_MS = 60_000;

export class BroadcastScheduler {
  private readonly timer: TimerApi;
  private handle: unknown = undefined;
  private running = false;

  constructor(private readonly o: SchedulerDeps) {
    this.timer = o.timer ?? systemTimer;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
  }

  /** A schedule was created or resumed: its next occurrence may be sooner than the timer. */
  kick(): void {
    if (this.running) this.tick();
  }

  private tick(): void {
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    if (!this.running) return;
    const d = this.o.deps();
    if (!d.db.open) return;
    const sources = this.o.sources;
    let next: number | null = null;
    for (const s of sources) {
      // Each source on its own: one failing never stops another.
      try {
        for (const id of s.run(d)) this.o.onCreated?.(id);
      } catch (e) {
        // Nothing of the failed occurrence was stored (one transaction); the next tick tries again.
        log.error(`${s.name} failed`, e);
      }
      try {
        const n = s.next(d);
        if (n !== null && (next === null || n < next)) next = n;
      } catch (e) {
        log.error(`${s.name}: next time unknown`, e);
      }
    }
    const now = d.now();
    const poll = this.o.pollMs ?? POLL_MS;
    const wait = next !== null && next > now ? Math.min(next - now, poll) : poll;
    this.handle = this.timer.setTimeout(() => this.tick(), wait);
  }
}

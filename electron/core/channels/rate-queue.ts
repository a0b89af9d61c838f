/**
 * Per-robot send queue. Sends one message at a time, in arrival order, and only when every
 * sliding-window limit allows it: the windows are measured over the times sends actually started,
 * the way the platforms count, not over fixed clock buckets (which allow twice the limit across a
 * bucket edge). When the platform says "wait" (Retry-After, DingTalk's 10-minute throttle) the
 * whole robot is locked for exactly that long and the same message goes first afterwards.
 */
import { ROBOT_LEVEL_FAILURES, uncertain, type OutgoingMessage, type RateLimit, type SendingChannel, type SendOutcome, type SendReason } from './channel';

export interface QueueClock {
  now(): number;
}

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Monotonic, so a wall-clock jump backwards cannot freeze a window or a lock for hours. */
export const monotonicClock: QueueClock = { now: () => performance.timeOrigin + performance.now() };

export const systemTimer: TimerApi = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface RateQueueOptions<T> {
  limits: readonly RateLimit[];
  send(item: T): Promise<SendOutcome>;
  clock?: QueueClock;
  timer?: TimerApi;
  /**
   * Added to every window. The platform counts arrival times, which trail our start times by a
   * varying network delay; without slack a send that leaves exactly one window after another can
   * arrive inside it.
   */
  marginMs?: number;
  /** Attempts per message before a `retry` outcome is handed back to the caller instead. */
  maxAttempts?: number;
  /** Pause the queue when a send fails in a way every later send would too (bad key, robot gone). */
  haltOnRobotFailure?: boolean;
}

export interface QueueStatus {
  /** Waiting messages, not counting the one being sent. */
  queued: number;
  sending: boolean;
  paused: boolean;
  /** Until when the platform told us to hold off; null when not locked. */
  lockedUntil: number | null;
  /** Earliest start of the next send given locks and windows; null when nothing waits. */
  nextSendAt: number | null;
  /** Why the queue stopped by itself; cleared by resume(). */
  halted: SendReason | null;
}

interface Entry<T> {
  item: T;
  attempts: number;
  resolve(outcome: SendOutcome): void;
}

export const DEFAULT_MARGIN_MS = 250;
export const DEFAULT_MAX_ATTEMPTS = 5;

export class RateQueue<T> {
  private readonly limits: readonly RateLimit[];
  private readonly clock: QueueClock;
  private readonly timer: TimerApi;
  private readonly marginMs: number;
  private readonly maxAttempts: number;
  private readonly haltOnRobotFailure: boolean;
  private readonly historySize: number;
  private readonly waiting: Entry<T>[] = [];
  /** Start times of recent sends, oldest first; only the last `historySize` matter. */
  private readonly history: number[] = [];
  private inFlight: Entry<T> | null = null;
  private paused = false;
  private halted: SendReason | null = null;
  private lockedUntil = -Infinity;
  private timerHandle: unknown = undefined;
  private timerAt: number | null = null;

  constructor(private readonly opts: RateQueueOptions<T>) {
    for (const l of opts.limits) {
      if (!(Number.isInteger(l.max) && l.max > 0 && l.windowMs > 0)) throw new RangeError(`invalid rate limit ${l.max}/${l.windowMs}ms`);
    }
    this.limits = opts.limits;
    this.clock = opts.clock ?? monotonicClock;
    this.timer = opts.timer ?? systemTimer;
    this.marginMs = opts.marginMs ?? DEFAULT_MARGIN_MS;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.haltOnRobotFailure = opts.haltOnRobotFailure ?? true;
    this.historySize = Math.max(0, ...opts.limits.map((l) => l.max));
  }

  /** Resolves with the message's final outcome; `retry` only once maxAttempts are used up. */
  enqueue(item: T): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve) => {
      this.waiting.push({ item, attempts: 0, resolve });
      this.pump();
    });
  }

  /** Stops starting sends; one already under way finishes, since cutting it off would make it uncertain. */
  pause(): void {
    this.paused = true;
    this.cancelTimer();
  }

  resume(): void {
    this.paused = false;
    this.halted = null;
    this.pump();
  }

  /** Holds every send until `at` (queue clock), e.g. a lock remembered across a restart. */
  lockUntil(at: number): void {
    this.lockedUntil = Math.max(this.lockedUntil, at);
    this.cancelTimer();
    this.pump();
  }

  /** Drops every waiting message; each resolves as `retry`/`cancelled`, since none was attempted since. */
  clear(): number {
    const dropped = this.waiting.splice(0);
    for (const e of dropped) e.resolve({ status: 'retry', retryAfterMs: 0, reason: { code: 'cancelled', text: 'removed from the send queue before sending' } });
    if (dropped.length) this.cancelTimer();
    return dropped.length;
  }

  status(): QueueStatus {
    const now = this.clock.now();
    return {
      queued: this.waiting.length,
      sending: this.inFlight !== null,
      paused: this.paused,
      lockedUntil: this.lockedUntil > now ? this.lockedUntil : null,
      nextSendAt: this.waiting.length ? this.earliestStart(now) : null,
      halted: this.halted,
    };
  }

  /** Earliest time ≥ now at which a send keeps every limit: the max-th most recent send must have left the window. */
  private earliestStart(now: number): number {
    let at = Math.max(now, this.lockedUntil);
    for (const l of this.limits) {
      if (this.history.length < l.max) continue;
      const kthRecent = Math.min(this.history[this.history.length - l.max]!, now);
      at = Math.max(at, kthRecent + l.windowMs + this.marginMs);
    }
    return at;
  }

  private pump(): void {
    if (this.inFlight || this.paused || this.halted || this.waiting.length === 0) return;
    const now = this.clock.now();
    const at = this.earliestStart(now);
    if (at > now) {
      this.schedule(at, at - now);
      return;
    }
    this.cancelTimer();
    const entry = this.waiting.shift()!;
    this.inFlight = entry;
    entry.attempts++;
    this.history.push(now);
    if (this.history.length > this.historySize) this.history.splice(0, this.history.length - this.historySize);
    void this.run(entry);
  }

  private async run(entry: Entry<T>): Promise<void> {
    let outcome: SendOutcome;
    try {
      outcome = await this.opts.send(entry.item);
    } catch {
      // A throwing sender may or may not have reached the platform; its message could hold a secret.
      outcome = uncertain('connection_lost', 'the sender failed unexpectedly during the send');
    }
    this.inFlight = null;
    if (outcome.status === 'retry') {
      // Measured from the reply: "retry after N seconds" means N seconds from when it was said. The
      // lock holds even when this message gives up, or the next one would walk into the same wall.
      this.lockedUntil = Math.max(this.lockedUntil, this.clock.now() + outcome.retryAfterMs);
    }
    if (outcome.status === 'retry' && entry.attempts < this.maxAttempts) {
      this.waiting.unshift(entry);
    } else {
      if (outcome.status === 'failed' && this.haltOnRobotFailure && ROBOT_LEVEL_FAILURES.has(outcome.reason.code)) this.halted = outcome.reason;
      entry.resolve(outcome);
    }
    this.pump();
  }

  private schedule(at: number, delay: number): void {
    if (this.timerAt === at && this.timerHandle !== undefined) return;
    this.cancelTimer();
    this.timerAt = at;
    this.timerHandle = this.timer.setTimeout(() => {
      this.timerHandle = undefined;
      this.timerAt = null;
      this.pump();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timerHandle !== undefined) this.timer.clearTimeout(this.timerHandle);
    this.timerHandle = undefined;
    this.timerAt = null;
  }
}

/** A queue that keeps to the channel's own published limits. */
export function createChannelQueue(channel: SendingChannel, opts: Omit<RateQueueOptions<OutgoingMessage>, 'limits' | 'send'> = {}): RateQueue<OutgoingMessage> {
  return new RateQueue<OutgoingMessage>({ ...opts, limits: channel.limits, send: (msg) => channel.send(msg) });
}

/**
 * The broadcast outbox worker: sends every due `queued` target through its robot, one rate queue
 * per robot (so a robot's limits hold across broadcasts), and records each outcome.
 *
 * Crash safety rests on one ordering: a target is set to `sending` and committed (synchronous=FULL)
 * immediately before its request leaves, inside the queue's send callback, so a target that only
 * waited in memory for its rate window is still `queued` after a crash. On start, whatever is
 * still `sending` may have reached the group: it becomes `uncertain` for the operator to resolve
 * and is never sent again on its own. `retry` outcomes (nothing reached the group, or the
 * platform said "later") go back to `queued` with the exact wait the platform asked for; permanent
 * failures are not retried. At most `concurrency` targets (one per robot) are in hand at a time,
 * so a crash leaves at most that many uncertain.
 *
 * A target with a picture for a WeCom robot takes two requests, its parts: the text (part 0), then
 * the picture (part 1). Each part is claimed, sent and settled like a whole target above, and
 * `parts_done` moves on in the transaction that records a part's success, with the target put back
 * in the queue for the next part (which waits its turn in the robot's rate window). So the part
 * sent next is always `parts_done`: a text that arrived is never sent again for the picture; a crash
 * between the two leaves the target queued at part 1, and only the picture goes after the restart;
 * a crash during either request leaves that part uncertain, as above. The robots take no
 * idempotency key, so a part's identity is the target's key plus its index (`partKey`), recorded in
 * the log; the retry cap counts attempts per part (`part_attempts`).
 */
import type { OutgoingMessage, SendingChannel, SendOutcome } from '../channels/channel';
import { RateQueue, monotonicClock, systemTimer, type QueueClock, type TimerApi } from '../channels/rate-queue';
import { extendRobotLock, robotLockedUntil } from '../connections';
import type { Db } from '../db/open';
import { refreshBroadcastStatus } from './broadcasts.repo';
import { imageBytes } from './images.repo';
import * as repo from './outbox.repo';
import type { DueRow } from './outbox.repo';

export interface OutboxDeps {
  db: Db;
  /** Wall clock for what is stored (planned, sent, next attempt). */
  now(): number;
  /** The robot's channel (opens its secrets); throws when it cannot be built. */
  channelFor(robotId: number): SendingChannel;
  timer?: TimerApi;
  queueClock?: QueueClock;
  /** Attempts per target, across restarts, before a retryable failure becomes final. */
  maxAttempts?: number;
  /** How often to look for newly due targets when nothing is scheduled sooner. */
  pollMs?: number;
  /**
   * Targets handled at once (at most one per robot). It bounds what a crash can leave
   * uncertain: only requests actually under way are, and there are never more than this.
   */
  concurrency?: number;
  /** A target changed: progress for the UI. */
  onChange?(broadcastId: number): void;
}

/** Requests a target takes: the text, then the picture when it has one. */
const partsOf = (row: Pick<DueRow, 'image_id'>) => (row.image_id === null ? 1 : 2);
const PART_NAMES = ['text', 'image'] as const;

/** One request's identity: the target's idempotency key, suffixed with the part after the first. */
export const partKey = (idemKey: string, part: number): string => (part === 0 ? idemKey : `${idemKey}#${PART_NAMES[part] ?? part}`);

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60_000;

/** Marks targets left `sending` by a crash as `uncertain`; returns how many. */
export function recoverOutbox(db: Db, now: number): number {
  return db.transaction(() => {
    const rows = repo.sendingTargets(db);
    repo.markInterrupted(db, rows, now);
    return rows.length;
  })();
}

export class Outbox {
  private readonly queues = new Map<number, { channel: SendingChannel; queue: RateQueue<DueRow> }>();
  private readonly inMemory = new Set<number>();
  private readonly robotsBusy = new Set<number>();
  private readonly timer: TimerApi;
  private readonly maxAttempts: number;
  private handle: unknown = undefined;
  private running = false;
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly d: OutboxDeps) {
    this.timer = d.timer ?? systemTimer;
    this.maxAttempts = d.maxAttempts ?? 8;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    recoverOutbox(this.d.db, this.d.now());
    this.tick();
  }

  /** Stops taking targets; sends under way finish (cutting them off would make them uncertain). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    if (this.soonHandle !== undefined) this.timer.clearTimeout(this.soonHandle);
    this.handle = undefined;
    this.soonHandle = undefined;
    for (const { queue } of this.queues.values()) queue.clear();
    await Promise.all([...this.inFlight]);
  }

  /** Something new may be due (a broadcast was created, a retry requested). */
  kick(): void {
    if (this.running) this.tick();
  }

  /** How many targets are being handled in memory (waiting for their robot or sending). */
  get busy(): number {
    return this.inMemory.size;
  }

  private soonHandle: unknown = undefined;
  private soon(): void {
    if (this.soonHandle !== undefined) return;
    this.soonHandle = this.timer.setTimeout(() => {
      this.soonHandle = undefined;
      this.tick();
    }, 0);
  }

  private tick(): void {
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    if (!this.running) return;
    const now = this.d.now();
    const due = repo.dueTargets(this.d.db, now);
    const max = this.d.concurrency ?? 8;
    for (const row of due) {
      if (this.inMemory.size >= max) break;
      if (this.inMemory.has(row.id) || (row.robot_id !== null && this.robotsBusy.has(row.robot_id))) continue;
      this.take(row);
    }
    const next = repo.nextAttemptAfter(this.d.db, now);
    const wait = Math.min(next === null ? Infinity : next - now, this.d.pollMs ?? 5_000);
    this.handle = this.timer.setTimeout(() => this.tick(), Math.max(0, wait));
  }

  private take(row: DueRow): void {
    const q = row.robot_id === null ? null : this.queueFor(row.robot_id);
    if (!q) {
      this.settle(row, { status: 'failed', permanent: true, reason: { code: 'robot_unavailable', text: 'the robot was removed or its secrets cannot be read' } });
      return;
    }
    this.inMemory.add(row.id);
    this.robotsBusy.add(row.robot_id!);
    const p = q.queue
      .enqueue(row)
      .then((outcome) => this.settle(row, outcome))
      .finally(() => {
        this.inMemory.delete(row.id);
        this.robotsBusy.delete(row.robot_id!);
        this.inFlight.delete(p);
        // A slot is free: take the next due target.
        if (this.running) this.soon();
      });
    this.inFlight.add(p);
  }

  private queueFor(robotId: number): { channel: SendingChannel; queue: RateQueue<DueRow> } | null {
    const known = this.queues.get(robotId);
    if (known) return known;
    let channel: SendingChannel;
    try {
      channel = this.d.channelFor(robotId);
    } catch {
      return null;
    }
    const clock = this.d.queueClock ?? monotonicClock;
    const queue = new RateQueue<DueRow>({
      limits: channel.limits,
      clock,
      timer: this.timer,
      // Retries are the outbox's: each goes back to the store with its wait, so a restart keeps it.
      maxAttempts: 1,
      haltOnRobotFailure: false,
      send: (row) => this.sendOne(channel, row),
    });
    // A lock the platform set before a restart still holds.
    const lockedUntil = robotLockedUntil(this.d.db, robotId);
    if (lockedUntil && lockedUntil > this.d.now()) queue.lockUntil(clock.now() + (lockedUntil - this.d.now()));
    const entry = { channel, queue };
    this.queues.set(robotId, entry);
    return entry;
  }

  /**
   * Claims the target's next part durably, then sends it. A target no longer queued (cancelled
   * meanwhile), or no longer at the part it was taken for, is not sent.
   */
  private async sendOne(channel: SendingChannel, row: DueRow): Promise<SendOutcome> {
    const claimed = repo.claimTarget(this.d.db, row.id, row.parts_done, this.d.now());
    if (claimed === 0) return { status: 'retry', retryAfterMs: 0, reason: { code: 'cancelled', text: 'no longer queued' } };
    if (row.parts_done === 1) return this.sendImage(channel, row);
    // Exactly what the plan previewed and stored for this target.
    if (row.delivery_format !== null) return channel.sendDelivery({ format: row.delivery_format, content: row.text, ...(row.delivery_title !== null ? { title: row.delivery_title } : {}) });
    const msg: OutgoingMessage = row.format === 'markdown' ? { format: 'markdown', text: row.text, ...(row.title ? { title: row.title } : {}) } : { format: 'text', text: row.text };
    return channel.send(msg);
  }

  /** The second part: the picture, read from the store only now (a queue holds no bytes). */
  private sendImage(channel: SendingChannel, row: DueRow): Promise<SendOutcome> | SendOutcome {
    const img = row.image_id === null ? null : imageBytes(this.d.db, row.image_id);
    if (!img) return { status: 'failed', permanent: true, reason: { code: 'invalid_message', text: 'the picture of this broadcast is missing from the workspace' } };
    if (!channel.sendImage || !channel.capabilities.images) return { status: 'failed', permanent: true, reason: { code: 'invalid_message', text: `${channel.kind} cannot post a picture` } };
    return channel.sendImage({ bytes: img.bytes, mime: img.mime });
  }

  private settle(row: DueRow, outcome: SendOutcome): void {
    const db = this.d.db;
    // The workspace closed while this send was under way: the row stays `sending` and the next
    // start reports it uncertain, which is the truth.
    if (!db.open) return;
    const now = this.d.now();
    db.transaction(() => {
      const cur = repo.targetState(db, row.id);
      // Only a target this worker claimed is settled; one never claimed (cancelled meanwhile) stays as it is.
      if (!cur || (cur.status !== 'sending' && !(cur.status === 'queued' && outcome.status === 'failed'))) return;
      let status: string;
      let next: number | null = null;
      let code: string | null = null;
      let text: string | null = null;
      let partsDone = cur.parts_done;
      let partSent = false;
      if (outcome.status === 'sent') {
        partsDone = cur.parts_done + 1;
        // Another part follows: back to the queue, due now (the robot's rate window still paces it).
        partSent = partsDone < partsOf(row);
        status = partSent ? 'queued' : 'sent';
        if (partSent) next = now;
      } else if (outcome.status === 'retry') {
        code = outcome.reason.code;
        text = outcome.reason.text;
        if (cur.part_attempts >= this.maxAttempts) status = 'failed';
        else {
          status = 'queued';
          // The platform's own wait, exactly; for our side's trouble, a growing pause.
          const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, cur.part_attempts - 1));
          next = now + (outcome.reason.code === 'rate_limited' ? outcome.retryAfterMs : Math.max(outcome.retryAfterMs, backoff));
          if (outcome.reason.code === 'rate_limited' && row.robot_id !== null) extendRobotLock(db, row.robot_id, next);
        }
      } else {
        status = outcome.status; // 'failed' | 'uncertain'
        code = outcome.reason.code;
        text = outcome.reason.text;
      }
      repo.recordOutcome(db, row.id, { status, nextAttemptAt: next, errorCode: code, errorText: text, partsDone, partSent }, now);
      // A part that arrived with more to follow is 'part-sent' (its key says which); the rest as before.
      const action = partSent ? 'part-sent' : status === 'queued' ? 'retry' : status;
      repo.logOutcome(db, row.broadcast_id, row.id, now, action, partSent ? partKey(row.idem_key, cur.parts_done) : (code ?? ''));
      // The broadcast is done when none of its auto targets waits any more.
      refreshBroadcastStatus(db, row.broadcast_id, now);
    })();
    this.d.onChange?.(row.broadcast_id);
  }
}

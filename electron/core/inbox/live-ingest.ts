/**
 * Group commit for live connectors. A connector delivers a few messages at a time (a Telegram
 * getUpdates holds at most 100, a OneBot event one); one transaction per delivery spends most of
 * its time on the commit itself — a search-index segment flushed and whole member, membership and
 * index pages rewritten for a handful of messages. The queue gathers the deliveries that arrive
 * within `maxDelayMs` (or until `maxBatch` messages are waiting) and writes them in one
 * ingestMessages call; each delivery's promise settles when its messages are committed.
 *
 * Nothing is lost to a bad delivery: when a gathered batch fails, each delivery is written again
 * on its own, so only the one at fault is rejected (its error names the cause) and the others
 * are committed.
 */
import type { Db } from '../db/open';
import { log } from '../log';
import { ingestMessages, type IncomingMessage } from './ingest.service';

export interface LiveIngestOptions {
  /**
   * Commit as soon as this many messages wait (default 10,000). At a trickle the timer commits
   * small batches; under load the batches grow up to this, and a commit's cost is mostly per page
   * written, not per message (at 2M messages: ~2,900 msg/s in commits of 100, ~4,200 of 2,000,
   * ~6,000 of 10,000). It also bounds how long one commit holds its thread (~1.5 s): the app runs
   * this queue in a worker (jobs/live-ingest-thread.ts), not on the core's thread.
   */
  maxBatch?: number;
  /** Commit at most this long after the first waiting delivery arrived (default 200 ms). */
  maxDelayMs?: number;
  /** After each commit: how many messages were added and which groups they went to. */
  onCommitted?: (c: { added: number; groupIds: number[] }) => void;
  /** For tests: how to wait (default setTimeout). */
  schedule?: (fn: () => void, ms: number) => () => void;
}

interface Delivery {
  messages: readonly IncomingMessage[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

const defaultSchedule = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export class LiveIngestQueue {
  private waiting: Delivery[] = [];
  private count = 0;
  private cancelTimer: (() => void) | null = null;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly schedule: NonNullable<LiveIngestOptions['schedule']>;

  constructor(
    private readonly db: Db,
    private readonly opts: LiveIngestOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 10_000;
    this.maxDelayMs = opts.maxDelayMs ?? 200;
    this.schedule = opts.schedule ?? defaultSchedule;
  }

  /** Queues one delivery; resolves once its messages are committed (a repeated source key is skipped, as always). */
  push(messages: readonly IncomingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('live ingest queue is closed'));
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ messages, resolve, reject });
      this.count += messages.length;
      if (this.count >= this.maxBatch) this.flush();
      else this.cancelTimer ??= this.schedule(() => this.flush(), this.maxDelayMs);
    });
  }

  /** How many messages wait for the next commit. */
  get pending(): number {
    return this.count;
  }

  /** Commits everything waiting now (synchronously). */
  flush(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const batch = this.waiting;
    this.waiting = [];
    this.count = 0;
    if (batch.length === 0) return;
    let added = 0;
    let ok = batch;
    try {
      // One call for all: each sender's rows rewritten once, one search-index segment, one commit.
      added = ingestMessages(this.db, batch.flatMap((d) => d.messages), { unread: true }).added;
    } catch {
      // Find the delivery at fault: each on its own, so the others are still committed.
      ok = [];
      for (const d of batch) {
        try {
          added += ingestMessages(this.db, d.messages, { unread: true }).added;
          ok.push(d);
        } catch (e) {
          d.reject(e);
        }
      }
    }
    for (const d of ok) d.resolve();
    // A listener's failure does not undo or fail a commit that happened.
    if (added > 0) {
      try {
        this.opts.onCommitted?.({ added, groupIds: [...new Set(ok.flatMap((d) => d.messages.map((m) => m.groupId)))] });
      } catch (e) {
        log.error('live ingest: a commit listener failed', e);
      }
    }
  }

  /** Commits what waits and refuses further deliveries. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}

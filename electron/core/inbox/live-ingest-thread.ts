/**
 * Live ingest off the core's thread. Connectors hand each delivery to `push`; it goes to a worker
 * thread that owns the group-commit queue (live-ingest.ts) and its own connection, and
 * the promise settles when the delivery is committed or refused. The core's thread only copies a
 * delivery into the worker's port (tens of microseconds for 100 messages), so a commit of
 * thousands of messages never stalls the UI's calls; while a commit runs, new deliveries wait in
 * the port and go into the next one (group commit).
 */
import type { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { log } from '../log';
import type { IncomingMessage } from './ingest.service';
import { startWorker } from '../jobs/worker-entry';

export interface LiveIngestWorkerData {
  dbPath: string;
  nativeBinding?: string;
  maxBatch?: number;
  maxDelayMs?: number;
}

export type LiveIngestToWorker = { type: 'push'; id: number; messages: readonly IncomingMessage[] } | { type: 'close' };

export type LiveIngestFromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; message: string; code?: ErrorCode }
  | { type: 'committed'; added: number; groupIds: number[] }
  | { type: 'fatal'; message: string };

export interface LiveIngestThreadOptions extends LiveIngestWorkerData {
  /** After each commit, on the core's thread: how many messages were added and to which groups. */
  onCommitted?: (c: { added: number; groupIds: number[] }) => void;
}

export class LiveIngestThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closing: Promise<void> | null = null;
  /** Why the worker stopped, once it has: every later push is refused with it. */
  private stopped: Error | null = null;
  private readonly exited: Promise<void>;
  private readonly started: Promise<void>;
  private markStarted: { resolve: () => void; reject: (e: Error) => void } = { resolve: () => {}, reject: () => {} };

  constructor(private readonly opts: LiveIngestThreadOptions) {
    const { onCommitted: _listener, ...data } = opts;
    this.started = new Promise((resolve, reject) => (this.markStarted = { resolve, reject }));
    this.started.catch(() => {}); // also reported to every push; nobody need wait for it
    this.worker = startWorker('live-ingest-worker.cjs', 'live-ingest.worker.ts', data satisfies LiveIngestWorkerData);
    this.worker.on('message', (m: LiveIngestFromWorker) => this.received(m));
    this.worker.on('error', (e) => this.stop(new Error(`live ingest stopped: ${e.message}`)));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.stop(new Error(this.closing ? 'live ingest is closed' : `live ingest stopped (exit ${code})`));
        resolve();
      }),
    );
  }

  /** Resolves once the worker has opened the workspace (rejects with why it could not). */
  ready(): Promise<void> {
    return this.started;
  }

  /** Resolves once these messages are committed (a repeated source key is skipped, as always). */
  push(messages: readonly IncomingMessage[]): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.closing) return Promise.reject(new Error('live ingest is closed'));
    if (messages.length === 0) return Promise.resolve();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'push', id, messages } satisfies LiveIngestToWorker);
    });
  }

  /** Deliveries sent and not yet committed or refused. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /** Commits what was pushed, then ends the worker and its connection. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = this.exited;
      if (!this.stopped) this.worker.postMessage({ type: 'close' } satisfies LiveIngestToWorker);
    }
    return this.closing;
  }

  private received(m: LiveIngestFromWorker): void {
    switch (m.type) {
      case 'ready':
        this.markStarted.resolve();
        return;
      case 'done':
        this.settle(m.id)?.resolve();
        return;
      case 'failed':
        this.settle(m.id)?.reject(m.code ? new AppError(m.code, m.message) : new Error(m.message));
        return;
      case 'committed':
        try {
          this.opts.onCommitted?.({ added: m.added, groupIds: m.groupIds });
        } catch (e) {
          log.error('live ingest: a commit listener failed', e);
        }
        return;
      case 'fatal':
        this.stop(new Error(`live ingest could not start: ${m.message}`));
        return;
    }
  }

  private settle(id: number) {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    return w;
  }

  /** The worker is gone (or never started): whatever still waits is refused, not left hanging. */
  private stop(reason: Error): void {
    this.stopped ??= reason;
    this.markStarted.reject(this.stopped);
    if (this.waiting.size > 0) log.error(`live ingest: ${this.waiting.size} deliveries not confirmed`, reason);
    for (const w of this.waiting.values()) w.reject(reason);
    this.waiting.clear();
  }
}

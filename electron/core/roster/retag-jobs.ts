/**
 * Runs the roster job (activity, tags, group classes) in a worker thread, one at a time, and
 * relays its progress as `roster.retagProgress` events. Cancelling claims the shared handshake
 * (so the job cannot commit afterwards), terminates the worker and answers once it has stopped:
 * everything the job writes is in one transaction at its end, so a cancelled job stored nothing.
 */
import crypto from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { RETAG_PHASES, type RetagProgressEvent, type RetagResultDto } from '../../../shared/events';
import { claimCancel, JOB_CANCELLED, PHASE_STEPS, type RosterJobInput, type RosterJobMessage, type RosterJobResult } from './roster-job';
import { startWorker } from '../jobs/worker-entry';

/** A re-tag is already running (its id). */
export class RetagBusyError extends Error {
  constructor(readonly jobId: string) {
    super('a re-tag is already running');
    this.name = 'RetagBusyError';
  }
}

/** The job was cancelled before it stored anything. */
export class RetagCancelledError extends Error {
  constructor() {
    super('re-tag cancelled');
    this.name = 'RetagCancelledError';
  }
}

interface Running {
  jobId: string;
  worker: Worker;
  flag: Int32Array;
  last: RetagProgressEvent;
  /** Settles after the worker has exited and the final event was sent. */
  stopped: Promise<void>;
}

const toDto = (r: RosterJobResult): RetagResultDto => ({ counts: r.counts, classes: r.classes, asOf: new Date(r.asOf).toISOString() });

export class RetagJobs {
  private running: Running | null = null;
  /** A refresh asked for while a job ran: started when that job ends (the latest ask wins). */
  private again: (() => Omit<RosterJobInput, 'control'>) | null = null;
  private closed = false;
  constructor(private readonly emit: (e: RetagProgressEvent) => void) {}

  /**
   * Brings the roster up to date after the data changed (an import or its undo): starts a job
   * now, or, while one runs, once it has ended, since it may have read the data from before the
   * change. The input is taken when the job starts, so its moment is that start.
   */
  refresh(input: () => Omit<RosterJobInput, 'control'>): void {
    if (this.running) {
      this.again = input;
      return;
    }
    this.start(input());
  }

  /** The running job's latest progress, or null. */
  current(): RetagProgressEvent | null {
    return this.running?.last ?? null;
  }

  /**
   * Starts a job (RetagBusyError while one runs). `done` resolves with what was stored, or
   * rejects with RetagCancelledError or the job's error; the matching event is sent first.
   */
  start(input: Omit<RosterJobInput, 'control'>): { jobId: string; done: Promise<RetagResultDto> } {
    if (this.running) throw new RetagBusyError(this.running.jobId);
    const jobId = crypto.randomUUID();
    const control = new SharedArrayBuffer(4);
    const flag = new Int32Array(control);
    const worker = startWorker('roster-worker.cjs', 'roster.worker.ts', { ...input, control } satisfies RosterJobInput);
    const first = RETAG_PHASES[0];
    const running: Running = { jobId, worker, flag, last: { jobId, phase: first, done: 0, total: PHASE_STEPS[first], status: 'running' }, stopped: Promise.resolve() };
    this.running = running;

    let ending: Exclude<RosterJobMessage, { type: 'progress' }> | null = null;
    let settle: { resolve(r: RetagResultDto): void; reject(e: Error): void } = { resolve: () => {}, reject: () => {} };
    const done = new Promise<RetagResultDto>((resolve, reject) => (settle = { resolve, reject }));
    // Nobody may be waiting (roster.startRetag): a rejection is reported through the event, not thrown.
    done.catch(() => {});

    running.stopped = new Promise<void>((stopped) => {
      worker.on('message', (m: RosterJobMessage) => {
        if (m.type !== 'progress') {
          ending ??= m;
          return;
        }
        // After a cancel the core has already answered for the job: its late progress is not news.
        if (ending || Atomics.load(flag, 0) === JOB_CANCELLED) return;
        running.last = { jobId, phase: m.phase, done: m.done, total: m.total, status: 'running' };
        this.emit(running.last);
      });
      worker.on('error', (e) => {
        ending ??= { type: 'error', message: e.message };
      });
      worker.on('exit', (code) => {
        if (this.running === running) this.running = null;
        // Terminated after a cancel: the handshake says it could not have committed.
        const end = ending ?? (Atomics.load(flag, 0) === JOB_CANCELLED ? { type: 'cancelled' as const } : { type: 'error' as const, message: `roster worker stopped (exit ${code})` });
        const last = running.last;
        if (end.type === 'done') {
          const result = toDto(end.result);
          this.emit({ jobId, phase: 'activity', done: PHASE_STEPS.activity, total: PHASE_STEPS.activity, status: 'done', result });
          settle.resolve(result);
        } else if (end.type === 'cancelled') {
          this.emit({ ...last, status: 'cancelled' });
          settle.reject(new RetagCancelledError());
        } else {
          this.emit({ ...last, status: 'failed', error: end.message });
          settle.reject(new Error(end.message));
        }
        stopped();
        const again = this.again;
        this.again = null;
        if (again && !this.closed) this.refresh(again);
      });
    });
    return { jobId, done };
  }

  /**
   * Stops the job and answers once its worker has stopped: true if it stored nothing; false if
   * no such job is running or it was already committing (then it finished and stored its result).
   */
  async cancel(jobId: string): Promise<boolean> {
    const r = this.running;
    if (!r || r.jobId !== jobId) return false;
    if (!claimCancel(r.flag)) {
      await r.stopped;
      return false;
    }
    await r.worker.terminate();
    await r.stopped;
    return true;
  }

  /** Cancels whatever re-tag runs (see cancel): true if one was stopped before it stored anything. */
  async cancelRunning(): Promise<boolean> {
    this.again = null;
    return this.running ? this.cancel(this.running.jobId) : false;
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    this.again = null;
    const r = this.running;
    if (!r) return;
    claimCancel(r.flag);
    await r.worker.terminate();
    await r.stopped;
  }
}

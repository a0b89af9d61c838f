import { create } from 'zustand';
import { AppError } from '../../../shared/errors';
import { RETAG_PHASES, type RetagPhase, type RetagProgressEvent, type RetagResultDto } from '../../../shared/events';
import { getApi } from '../../lib/api/client';

/** How a re-tag this window started ended. Cancelled and failed jobs stored nothing. */
export type RetagOutcome = { status: 'done'; result: RetagResultDto } | { status: 'cancelled' } | { status: 'failed'; error: string };

/** Roughly the share of the whole job each phase takes (measured on the benchmark workspace). */
const PHASE_WEIGHT: Record<RetagPhase, number> = { tags: 45, classes: 15, activity: 40 };

/** Pure: the whole job's progress in percent (100 only once it is stored). */
export function retagPercent(e: Pick<RetagProgressEvent, 'phase' | 'done' | 'total' | 'status'>): number {
  if (e.status === 'done') return 100;
  const i = RETAG_PHASES.indexOf(e.phase);
  const before = RETAG_PHASES.slice(0, i).reduce((n, p) => n + PHASE_WEIGHT[p], 0);
  const within = e.total > 0 ? Math.min(1, Math.max(0, e.done / e.total)) : 0;
  return Math.min(99, Math.round(before + PHASE_WEIGHT[e.phase] * within));
}

/** Pure: 1-based number of the phase, for "step 2 of 3". */
export const retagStep = (phase: RetagPhase): number => RETAG_PHASES.indexOf(phase) + 1;

export function outcomeOf(e: RetagProgressEvent): RetagOutcome | null {
  if (e.status === 'done') return { status: 'done', result: e.result! };
  if (e.status === 'cancelled') return { status: 'cancelled' };
  if (e.status === 'failed') return { status: 'failed', error: e.error ?? '' };
  return null;
}

interface RetagJobState {
  /** The running re-tag's latest progress, whoever started it (another window too); null when none runs. */
  job: RetagProgressEvent | null;
  starting: boolean;
  cancelling: boolean;
  /** Listens to the core's progress events and picks up a job already running. Idempotent. */
  subscribe(): void;
  /** Asks the core which job runs now. */
  sync(): Promise<void>;
  /** Starts a re-tag (now, or as of a past moment) and resolves when it has ended. */
  start(asOf?: string): Promise<RetagOutcome>;
  /** Stops the running job; true once the core has stopped it without storing anything. */
  cancel(): Promise<boolean>;
}

// Jobs this window started, waiting for their last event; and last events that arrived before
// the answer to roster.startRetag did (a quick job can end first).
const waiters = new Map<string, (o: RetagOutcome) => void>();
const ended = new Map<string, RetagOutcome>();
let subscribed = false;

/** The progress bar of the roster job (roster page and Settings), with its cancel. */
export const useRetagJobStore = create<RetagJobState>((set, get) => {
  const received = (e: RetagProgressEvent) => {
    const outcome = outcomeOf(e);
    if (!outcome) {
      if (!ended.has(e.jobId)) set({ job: e });
      return;
    }
    if (get().job?.jobId === e.jobId) set({ job: null });
    const waiter = waiters.get(e.jobId);
    if (waiter) {
      waiters.delete(e.jobId);
      waiter(outcome);
      return;
    }
    ended.set(e.jobId, outcome);
    // Only a few are ever unclaimed (jobs of other windows); keep the newest.
    for (const id of [...ended.keys()].slice(0, -8)) ended.delete(id);
  };

  return {
    job: null,
    starting: false,
    cancelling: false,

    subscribe() {
      if (subscribed) return;
      subscribed = true;
      getApi().on('roster.retagProgress', received);
      void get().sync();
    },

    async sync() {
      try {
        const { job } = await getApi().call('roster.retagStatus', {});
        if (job && !ended.has(job.jobId)) set({ job });
      } catch {
        // The events keep the bar current; the status only helps a page opened mid-job.
      }
    },

    async start(asOf) {
      set({ starting: true });
      let jobId: string;
      try {
        jobId = (await getApi().call('roster.startRetag', asOf ? { asOf } : {})).jobId;
      } catch (e) {
        set({ starting: false });
        // Another window (or the other page) started one first: show that one.
        if (e instanceof AppError && e.code === 'CONFLICT') void get().sync();
        throw e;
      }
      const early = ended.get(jobId);
      if (early) {
        ended.delete(jobId);
        set({ starting: false });
        return early;
      }
      if (get().job?.jobId !== jobId) set({ job: { jobId, phase: RETAG_PHASES[0], done: 0, total: 1, status: 'running' } });
      set({ starting: false });
      return new Promise<RetagOutcome>((resolve) => waiters.set(jobId, resolve));
    },

    async cancel() {
      const job = get().job;
      if (!job) return false;
      set({ cancelling: true });
      try {
        const { cancelled } = await getApi().call('roster.cancelRetag', { jobId: job.jobId });
        return cancelled;
      } finally {
        set({ cancelling: false });
      }
    },
  };
});

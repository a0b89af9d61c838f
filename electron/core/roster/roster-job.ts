/**
 * The roster's background job, wherever it runs (a worker thread from the core, the calling
 * thread for the demo and the benchmark): with its own connection, recompute every activity
 * feature, every tag and every group class as of one moment, so all three agree.
 *
 * Tags and classes read only messages and memberships (never the activity columns), so they are
 * computed first, outside any write lock. Then ONE transaction rebuilds activity and stores the
 * tags and classes: a job that is cancelled, fails or is killed before that transaction commits
 * leaves the database exactly as it was. The write lock is held for the activity rebuild and the
 * writes, as long as before the job became cancellable.
 */
import type { AutoTag } from '../../../shared/domain/roster';
import type { GroupClass } from '../../../shared/domain/enums';
import type { RetagPhase } from '../../../shared/events';
import { openDatabase, type Db } from '../db/open';
import { ACTIVITY_STEPS, rebuildActivity } from './activity.service';
import { computeGroupClasses, countClasses, storeGroupClasses } from '../groups';
import { computeTags, countTags, getThresholds, storeTags, TAG_STEPS } from './tagging.service';

export interface RosterJobInput {
  dbPath: string;
  asOf: number;
  nativeBinding?: string;
  /** One Int32 shared with the core: the cancel/commit handshake (see claimCommit). */
  control?: SharedArrayBuffer;
}

export interface RosterJobResult {
  asOf: number;
  counts: Record<AutoTag, number>;
  classes: Record<GroupClass, number>;
  ms: { activity: number; tags: number; classes: number };
}

/** What the worker posts: progress, then exactly one of done / cancelled / error. */
export type RosterJobMessage =
  | { type: 'progress'; phase: RetagPhase; done: number; total: number }
  | { type: 'done'; result: RosterJobResult }
  | { type: 'cancelled' }
  | { type: 'error'; message: string };

/** Steps per phase, as reported in progress. */
export const PHASE_STEPS: Record<RetagPhase, number> = { tags: TAG_STEPS, classes: 1, activity: ACTIVITY_STEPS + 2 };

export interface RosterJobHooks {
  progress?: (phase: RetagPhase, done: number, total: number) => void;
  /** Asked inside the transaction, just before it commits: false rolls everything back (RosterJobCancelled). */
  mayCommit?: () => boolean;
}

export class RosterJobCancelled extends Error {
  constructor() {
    super('roster job cancelled');
    this.name = 'RosterJobCancelled';
  }
}

// The handshake on the shared Int32: the core may cancel only while the job is RUNNING; once the
// job has claimed COMMITTING it is too late, and the core waits for the result instead. So the
// core's answer to "cancel" is never contradicted by what ends up stored.
export const JOB_RUNNING = 0;
export const JOB_CANCELLED = 1;
export const JOB_COMMITTING = 2;

/** The job's side: true if it may commit (nobody cancelled first). */
export function claimCommit(flag: Int32Array): boolean {
  return Atomics.compareExchange(flag, 0, JOB_RUNNING, JOB_COMMITTING) === JOB_RUNNING;
}

/** The core's side: true if the job will not commit (cancelled now or before); false if it is already committing. */
export function claimCancel(flag: Int32Array): boolean {
  return Atomics.compareExchange(flag, 0, JOB_RUNNING, JOB_CANCELLED) !== JOB_COMMITTING;
}

export function runRosterJobOn(db: Db, asOf: number, hooks: RosterJobHooks = {}): RosterJobResult {
  const progress = (phase: RetagPhase, done: number) => hooks.progress?.(phase, done, PHASE_STEPS[phase]);
  const thresholds = getThresholds(db);

  let t = performance.now();
  progress('tags', 0);
  const tags = computeTags(db, { asOf, thresholds, onStep: (d) => progress('tags', d) });
  let tagsMs = performance.now() - t;

  t = performance.now();
  progress('classes', 0);
  const rows = computeGroupClasses(db, asOf);
  progress('classes', 1);
  let classesMs = performance.now() - t;

  t = performance.now();
  progress('activity', 0);
  let activityMs = 0;
  db.transaction(() => {
    // Nested transactions below become savepoints of this one.
    rebuildActivity(db, { asOf, onStep: (d) => progress('activity', d) });
    activityMs = performance.now() - t;
    t = performance.now();
    storeTags(db, tags);
    progress('activity', ACTIVITY_STEPS + 1);
    tagsMs += performance.now() - t;
    t = performance.now();
    storeGroupClasses(db, rows);
    progress('activity', ACTIVITY_STEPS + 2);
    classesMs += performance.now() - t;
    if (hooks.mayCommit && !hooks.mayCommit()) throw new RosterJobCancelled();
  }).immediate();
  return { asOf, counts: countTags(tags), classes: countClasses(rows), ms: { activity: activityMs, tags: tagsMs, classes: classesMs } };
}

/** Opens its own connection, runs the job, closes. */
export function runRosterJob(input: RosterJobInput, post: (m: RosterJobMessage) => void = () => {}): RosterJobResult {
  const flag = input.control ? new Int32Array(input.control) : null;
  const db = openDatabase(input.dbPath, input.nativeBinding ? { nativeBinding: input.nativeBinding } : {});
  try {
    return runRosterJobOn(db, input.asOf, {
      progress: (phase, done, total) => post({ type: 'progress', phase, done, total }),
      ...(flag ? { mayCommit: () => claimCommit(flag) } : {}),
    });
  } finally {
    db.close();
  }
}

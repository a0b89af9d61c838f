/**
 * The roster's background job, wherever it runs (a worker thread from the core, the calling
 * thread in the CLI): with its own connection, recompute every activity feature, every tag and
 * every group class as of one moment, so all three agree.
 */
import type { AutoTag } from '../../../shared/domain/roster';
import type { GroupClass } from '../../../shared/domain/enums';
import { openDatabase, type Db } from '../db/open';
import { rebuildActivity } from '../services/activity.service';
import { computeGroupClasses, countClasses, storeGroupClasses } from '../services/group-class.service';
import { getThresholds, retag } from '../services/tagging.service';

export interface RosterJobInput {
  dbPath: string;
  asOf: number;
  nativeBinding?: string;
}

export interface RosterJobResult {
  asOf: number;
  counts: Record<AutoTag, number>;
  classes: Record<GroupClass, number>;
  ms: { activity: number; tags: number; classes: number };
}

export function runRosterJobOn(db: Db, asOf: number): RosterJobResult {
  let t = performance.now();
  rebuildActivity(db, { asOf });
  const activity = performance.now() - t;
  t = performance.now();
  const counts = retag(db, { asOf, thresholds: getThresholds(db) });
  const tags = performance.now() - t;
  t = performance.now();
  const rows = computeGroupClasses(db, asOf);
  storeGroupClasses(db, rows);
  return { asOf, counts, classes: countClasses(rows), ms: { activity, tags, classes: performance.now() - t } };
}

export function runRosterJob(input: RosterJobInput): RosterJobResult {
  const db = openDatabase(input.dbPath, input.nativeBinding ? { nativeBinding: input.nativeBinding } : {});
  try {
    return runRosterJobOn(db, input.asOf);
  } finally {
    db.close();
  }
}

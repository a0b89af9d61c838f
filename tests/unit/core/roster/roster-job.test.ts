/** The roster job in the calling thread: what it stores, its progress, and its one transaction. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { claimCancel, claimCommit, JOB_CANCELLED, PHASE_STEPS, RosterJobCancelled, runRosterJob, runRosterJobOn } from '../../../../electron/core/roster/roster-job';
import { rebuildActivity } from '../../../../electron/core/roster/activity.service';
import { computeGroupClasses, storeGroupClasses } from '../../../../electron/core/groups/group-class.service';
import { getThresholds, retag } from '../../../../electron/core/roster/tagging.service';
import { RETAG_PHASES, type RetagPhase } from '../../../../shared/events';
import { integrityCheck, rosterState, writeBigWorkspace } from '../../../helpers/big-workspace';
import { tmpDir } from '../../../helpers/tmp';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T08:00:00Z');
const AS_OF = NOW - 2 * DAY;

let t: ReturnType<typeof tmpDir>;
let n = 0;
/** A fresh copy of a small workspace, tagged once as of three weeks before AS_OF. */
function workspace(): { db: Db; file: string } {
  const file = path.join(t.dir, `copy-${++n}.db`);
  fs.copyFileSync(path.join(t.dir, 'template.db'), file);
  return { db: openDatabase(file), file };
}

beforeAll(() => {
  t = tmpDir();
  writeBigWorkspace(path.join(t.dir, 'template.db'), { groups: 6, members: 900, messages: 12_000, now: NOW, taggedAt: AS_OF - 21 * DAY });
});
afterAll(() => t.cleanup());

describe('roster job', () => {
  it('stores exactly what rebuilding activity, re-tagging and classing groups store one after another', () => {
    const one = workspace();
    const steps = workspace();
    try {
      const r = runRosterJobOn(one.db, AS_OF);
      rebuildActivity(steps.db, { asOf: AS_OF });
      const counts = retag(steps.db, { asOf: AS_OF, thresholds: getThresholds(steps.db) });
      const classes = computeGroupClasses(steps.db, AS_OF);
      storeGroupClasses(steps.db, classes);
      expect(rosterState(one.db)).toBe(rosterState(steps.db));
      expect(r.counts).toEqual(counts);
      expect(r.counts.silent + r.counts.active).toBeGreaterThan(0);
      expect(r.classes.general + r.classes['high-value'] + r.classes.dead + r.classes.spam).toBe(6);
    } finally {
      one.db.close();
      steps.db.close();
    }
  });

  it('reports every phase in order, each from 0 to its total', () => {
    const w = workspace();
    try {
      const seen: { phase: RetagPhase; done: number; total: number }[] = [];
      runRosterJobOn(w.db, AS_OF, { progress: (phase, done, total) => seen.push({ phase, done, total }) });
      expect([...new Set(seen.map((s) => s.phase))]).toEqual([...RETAG_PHASES]);
      for (const phase of RETAG_PHASES) {
        const mine = seen.filter((s) => s.phase === phase);
        expect(mine.map((s) => s.done)).toEqual(Array.from({ length: PHASE_STEPS[phase] + 1 }, (_, i) => i));
        expect(mine.every((s) => s.total === PHASE_STEPS[phase])).toBe(true);
      }
    } finally {
      w.db.close();
    }
  });

  it('writes activity, tags and classes in one transaction: refused at its commit point, nothing is stored', () => {
    const w = workspace();
    try {
      const before = rosterState(w.db);
      let asked = 0;
      expect(() =>
        runRosterJobOn(w.db, AS_OF, {
          mayCommit: () => {
            asked++;
            // Everything has been written inside the transaction by now.
            expect(rosterState(w.db)).not.toBe(before);
            return false;
          },
        }),
      ).toThrow(RosterJobCancelled);
      expect(asked).toBe(1);
      expect(w.db.inTransaction).toBe(false);
      expect(rosterState(w.db)).toBe(before);
      expect(integrityCheck(w.db)).toBe('ok');
      // Allowed to commit, the same job does store its changes.
      runRosterJobOn(w.db, AS_OF, { mayCommit: () => true });
      expect(rosterState(w.db)).not.toBe(before);
    } finally {
      w.db.close();
    }
  });

  it('with its own connection, cancelled through the shared flag before it could commit, stores nothing', () => {
    const w = workspace();
    try {
      const before = rosterState(w.db);
      const control = new SharedArrayBuffer(4);
      expect(claimCancel(new Int32Array(control))).toBe(true);
      const posted: string[] = [];
      expect(() => runRosterJob({ dbPath: w.file, asOf: AS_OF, control }, (m) => posted.push(m.type))).toThrow(RosterJobCancelled);
      expect(posted.length).toBeGreaterThan(0);
      expect(posted.every((p) => p === 'progress')).toBe(true);
      expect(rosterState(w.db)).toBe(before);
    } finally {
      w.db.close();
    }
  });
});

describe('cancel/commit handshake', () => {
  it('lets exactly one side win', () => {
    const cancelFirst = new Int32Array(new SharedArrayBuffer(4));
    expect(claimCancel(cancelFirst)).toBe(true);
    expect(claimCommit(cancelFirst)).toBe(false);
    expect(claimCancel(cancelFirst)).toBe(true); // cancelling twice is still cancelled
    expect(Atomics.load(cancelFirst, 0)).toBe(JOB_CANCELLED);

    const commitFirst = new Int32Array(new SharedArrayBuffer(4));
    expect(claimCommit(commitFirst)).toBe(true);
    expect(claimCancel(commitFirst)).toBe(false);
  });
});

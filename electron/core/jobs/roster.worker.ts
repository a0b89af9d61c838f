/**
 * The worker-thread entry of the roster job: a full re-tag never blocks the core's thread. It
 * posts progress, then one of done / cancelled / error. The core cancels through the shared
 * handshake (the job then rolls back at its commit point) and by terminating this thread (an
 * open transaction is rolled back when the thread's connection closes).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dbAppError } from '../db/db-errors';
import { RosterJobCancelled, runRosterJob, type RosterJobInput, type RosterJobMessage } from '../roster';

const post = (m: RosterJobMessage) => parentPort!.postMessage(m);
try {
  post({ type: 'done', result: runRosterJob(workerData as RosterJobInput, post) });
} catch (e) {
  // Damage or a lock held too long in words (DB_CORRUPT, DB_BUSY), not SQLite's "database disk image is malformed".
  const dbError = dbAppError('zh-CN', e, (workerData as RosterJobInput).dbPath);
  post(e instanceof RosterJobCancelled ? { type: 'cancelled' } : { type: 'error', message: dbError ? dbError.message : (e as Error).message });
}
parentPort!.close();

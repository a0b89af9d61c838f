/**
 * The worker-thread entry of the checks on a workspace file that take seconds on a large one:
 * PRAGMA quick_check on open, and saving a recovered copy of a damaged file. Both read the file on
 * their own read-only connection; one result (or one error) is posted, then the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { quickCheckFile, recoverDatabase } from '../db/integrity';

export type DbCheckInput = { op: 'check'; file: string; nativeBinding?: string } | { op: 'recover'; file: string; dest: string; nativeBinding?: string };

const input = workerData as DbCheckInput;
try {
  const binding = input.nativeBinding ? { nativeBinding: input.nativeBinding } : {};
  const result = input.op === 'check' ? quickCheckFile(input.file, input.nativeBinding) : recoverDatabase(input.file, input.dest, binding);
  parentPort!.postMessage({ type: 'done', result });
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error).message });
}
parentPort!.close();

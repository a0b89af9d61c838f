/**
 * The worker-thread entry of the work on a workspace file that takes seconds on a large one:
 * PRAGMA quick_check on open and saving a recovered copy of a damaged file (both on their own
 * read-only connection), and rolling back an import a crash interrupted (on its own writable one,
 * posting progress). One result (or one error) is posted, then the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { quickCheckFile, recoverDatabase } from '../db/integrity';
import { openDatabase } from '../db/open';
import { ensureMessageIndexes } from '../inbox';
import { hasRunningImport, IMPORT_BUSY_TIMEOUT_MS, recoverInterruptedImports, type RollbackProgress } from '../imports';

export type DbCheckInput =
  | { op: 'check'; file: string; nativeBinding?: string }
  | { op: 'recover'; file: string; dest: string; nativeBinding?: string }
  | { op: 'rollback'; file: string; now: number; nativeBinding?: string };

function rollback(input: Extract<DbCheckInput, { op: 'rollback' }>): number[] {
  const db = openDatabase(input.file, { busyTimeoutMs: IMPORT_BUSY_TIMEOUT_MS, ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
  try {
    const ids = recoverInterruptedImports(db, input.now, { onProgress: (progress: RollbackProgress) => parentPort!.postMessage({ type: 'progress', progress }) });
    if (!hasRunningImport(db)) ensureMessageIndexes(db);
    return ids;
  } finally {
    db.close();
  }
}

const input = workerData as DbCheckInput;
try {
  const binding = input.nativeBinding ? { nativeBinding: input.nativeBinding } : {};
  const result = input.op === 'check' ? quickCheckFile(input.file, input.nativeBinding) : input.op === 'rollback' ? rollback(input) : recoverDatabase(input.file, input.dest, binding);
  parentPort!.postMessage({ type: 'done', result });
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error).message });
}
parentPort!.close();

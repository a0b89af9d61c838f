/**
 * Where a worker thread's code is: the bundled dist/node/<name>.cjs in the app and browser mode;
 * from the TypeScript sources (tests, `npm run cli`) the .ts entry runs through tsx.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export function workerEntry(bundledName: string, sourceName: string): { file: string; eval: boolean } {
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, bundledName);
  if (fs.existsSync(bundled)) return { file: bundled, eval: false };
  const source = path.join(here, sourceName);
  // From source, a tiny bootstrap registers tsx inside the worker, then loads the .ts entry.
  if (fs.existsSync(source)) return { file: `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(source).href)}); });`, eval: true };
  throw new Error(`worker ${sourceName} not found (run npm run build)`);
}

export function startWorker(bundledName: string, sourceName: string, workerData: unknown): Worker {
  const entry = workerEntry(bundledName, sourceName);
  return new Worker(entry.file, { workerData, eval: entry.eval });
}

export type OneShotMessage<O, P = never> = { type: 'done'; result: O } | { type: 'error'; message: string } | { type: 'progress'; progress: P };

/**
 * Runs a worker that posts one result (or one error) and ends, with progress on the way if it posts any. `stop(reason)` rejects `result`
 * with `reason` at once and terminates the worker (for read-only work: nothing needs undoing).
 */
export function startOneShot<O, P = never>(bundledName: string, sourceName: string, workerData: unknown, onProgress?: (p: P) => void): { result: Promise<O>; stop(reason: Error): void } {
  let settled = false;
  let stop: (reason: Error) => void = () => {};
  const result = new Promise<O>((resolve, reject) => {
    const worker = startWorker(bundledName, sourceName, workerData);
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    worker.on('message', (m: OneShotMessage<O, P>) => {
      if (m.type === 'progress') return void (settled || onProgress?.(m.progress));
      settle(() => (m.type === 'done' ? resolve(m.result) : reject(new Error(m.message))));
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`${sourceName} stopped (exit ${code})`))));
    stop = (reason) => {
      settle(() => reject(reason));
      void worker.terminate();
    };
  });
  return { result, stop: (reason) => stop(reason) };
}

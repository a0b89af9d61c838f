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

export type OneShotMessage<O> = { type: 'done'; result: O } | { type: 'error'; message: string };

/** Runs a worker that posts one result (or one error) and ends. */
export function runOneShot<O>(bundledName: string, sourceName: string, workerData: unknown): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    const worker = startWorker(bundledName, sourceName, workerData);
    let settled = false;
    worker.on('message', (m: OneShotMessage<O>) => {
      settled = true;
      if (m.type === 'done') resolve(m.result);
      else reject(new Error(m.message));
    });
    worker.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`${sourceName} stopped (exit ${code})`));
    });
  });
}

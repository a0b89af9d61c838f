import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect } from 'vitest';
import { decodeHead } from '../../electron/core/importers/text-input';
import { ImportError, type ImportItem, type Importer, type Probe, type ReadOptions } from '../../electron/core/importers/types';
import { tmpDir } from './tmp';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'imports');

/** Reads a fixture through an importer and returns every item (positions dropped unless asked). */
export async function readAll(importer: Importer, file: string, opts: ReadOptions = { timeZone: 'Asia/Shanghai' }, keepPositions = false): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of importer.read({ path: file, name: path.basename(file) }, opts)) {
    if (!keepPositions && item.type !== 'chat') {
      const { position: _p, ...rest } = item;
      out.push(rest as ImportItem);
    } else out.push(item);
  }
  return out;
}

export async function readError(importer: Importer, file: string, opts: ReadOptions = { timeZone: 'Asia/Shanghai' }): Promise<unknown> {
  try {
    await readAll(importer, file, opts);
  } catch (e) {
    return e;
  }
  return null;
}

/** The ImportError reading `file` ends in; the test fails when the read succeeds or fails some other way. */
export async function importError(importer: Importer, file: string, opts: ReadOptions = { timeZone: 'Asia/Shanghai' }): Promise<ImportError> {
  const e = await readError(importer, file, opts);
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

/** The ImportError of a read whose signal was aborted before it began. */
export async function cancelledError(importer: Importer, file: string, opts: ReadOptions = { timeZone: 'Asia/Shanghai' }): Promise<ImportError> {
  const ac = new AbortController();
  ac.abort();
  return importError(importer, file, { ...opts, signal: ac.signal });
}

/**
 * Reads `file` and aborts the signal when the `after`-th item of type `counting` (a message by
 * default) arrives: what the read then ended with (null when it finished anyway) and how many
 * such items it had yielded.
 */
export async function readUntilAborted(
  importer: Importer,
  file: string,
  after: number,
  o: { counting?: ImportItem['type']; opts?: ReadOptions } = {},
): Promise<{ error: unknown; seen: number }> {
  const ac = new AbortController();
  const counting = o.counting ?? 'message';
  let seen = 0;
  try {
    for await (const item of importer.read({ path: file, name: path.basename(file) }, { ...o.opts, signal: ac.signal })) {
      if (item.type === counting && ++seen === after) ac.abort();
    }
  } catch (error) {
    return { error, seen };
  }
  return { error: null, seen };
}

/** A temporary folder for one test file (or describe block): made before its tests, removed after. */
export function tempFolder(): { readonly dir: string; write: (name: string, content: string | Buffer) => string } {
  let t: ReturnType<typeof tmpDir> | null = null;
  beforeAll(() => {
    t = tmpDir();
  });
  afterAll(() => t?.cleanup());
  const folder = {
    get dir(): string {
      if (!t) throw new Error('the temporary folder exists only while the tests run');
      return t.dir;
    },
    /** Writes a file into the folder and returns its path. */
    write: (name: string, content: string | Buffer): string => {
      const file = path.join(folder.dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
  };
  return folder;
}

/**
 * Writes a large generated file without holding it in memory: `head`, then `row(i)` for i below
 * `count`, in chunks of about a megabyte, then `tail`. Returns the path.
 */
export function writeChunked(file: string, o: { head?: string; count: number; row: (i: number) => string; tail?: string }): string {
  const fd = fs.openSync(file, 'w');
  try {
    if (o.head) fs.writeSync(fd, o.head);
    let chunk = '';
    for (let i = 0; i < o.count; i++) {
      chunk += o.row(i);
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk + (o.tail ?? ''));
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** Writes `head`, then `piece` `times` times, then `tail`: a huge line or an endless message, a piece at a time. */
export function writeRepeated(file: string, head: string, piece: string, times: number, tail = ''): string {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, head);
    for (let i = 0; i < times; i++) fs.writeSync(fd, piece);
    if (tail) fs.writeSync(fd, tail);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** A garbage collector on demand, so the memory tests measure what is kept, not what awaits collection. */
export function garbageCollector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Streams `file` through the importer, counting messages; every `every` messages it samples the
 * heap (after a collection unless `collect` is false). `onItem` sees every item with the number
 * of messages so far. Returns the message count and the largest heap growth sampled.
 */
export async function streamMemory(
  importer: Importer,
  file: string,
  opts: ReadOptions,
  o: { every: number; collect?: boolean; onItem?: (item: ImportItem, messages: number) => void },
): Promise<{ messages: number; peak: number }> {
  const gc = o.collect === false ? () => undefined : garbageCollector();
  gc();
  const before = process.memoryUsage().heapUsed;
  let messages = 0;
  let peak = 0;
  for await (const item of importer.read({ path: file, name: path.basename(file) }, opts)) {
    if (item.type === 'message') {
      messages++;
      if (messages % o.every === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    o.onItem?.(item, messages);
  }
  return { messages, peak };
}

/** What detection sees of a text file: its name, its first 64 KB and those decoded. */
export const probeOf = (name: string, head: Buffer): Probe => ({ name, head, text: decodeHead(head) });
export const probeFile = (file: string): Probe => probeOf(path.basename(file), fs.readFileSync(file).subarray(0, 65536));

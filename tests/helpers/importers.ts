import path from 'node:path';
import type { ImportItem, Importer, ReadOptions } from '../../electron/core/importers/types';

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

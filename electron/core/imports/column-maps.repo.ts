/** The column maps remembered per table header (generic CSV/XLSX), in `import_column_maps`. */
import type { ColumnMap } from '../importers/types';
import type { Db } from '../db/open';

/** A table's identity for remembering its mapping: its format and its header row. */
export function headerSignature(format: string, headers: readonly string[]): string {
  return `${format}\u0000${headers.join('\u0001')}`;
}

export function rememberedColumnMap(db: Db, signature: string): ColumnMap | null {
  const row = db.prepare('SELECT column_map FROM import_column_maps WHERE signature = ?').get(signature) as { column_map: string } | undefined;
  if (!row) return null;
  try {
    return JSON.parse(row.column_map) as ColumnMap;
  } catch {
    return null;
  }
}

export function rememberColumnMap(db: Db, signature: string, map: ColumnMap, now: number): void {
  db.prepare(
    `INSERT INTO import_column_maps (signature, column_map, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (signature) DO UPDATE SET column_map = excluded.column_map, updated_at = excluded.updated_at`,
  ).run(signature, JSON.stringify(map), now);
}

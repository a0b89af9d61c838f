/** The `broadcast_templates` table (the operator's saved templates): statements, row, row → DTO. */
import type { TemplateDto } from '../../../shared/api/broadcasts';
import { isoRequired } from '../clock';
import type { Db } from '../db/open';

export interface TemplateRow {
  id: number;
  name: string;
  format: 'text' | 'markdown';
  title: string;
  body: string;
  updated_at: number;
}

export const toTemplateDto = (r: TemplateRow): TemplateDto => ({
  id: r.id,
  key: `saved:${r.id}`,
  builtin: false,
  name: r.name,
  format: r.format,
  title: r.title,
  body: r.body,
  time: null,
  updatedAt: isoRequired(r.updated_at),
});

export interface TemplateFields {
  name: string;
  format: 'text' | 'markdown';
  title: string;
  body: string;
}

/** Most recently changed first. */
export function listTemplateRows(db: Db): TemplateRow[] {
  return db.prepare('SELECT * FROM broadcast_templates ORDER BY updated_at DESC, id DESC').all() as TemplateRow[];
}

export function getTemplateRow(db: Db, id: number): TemplateRow | undefined {
  return db.prepare('SELECT * FROM broadcast_templates WHERE id = ?').get(id) as TemplateRow | undefined;
}

/** Another template with this name than `exceptId` (null: any), if one exists. */
export function templateNamed(db: Db, name: string, exceptId: number | null): number | undefined {
  return db.prepare('SELECT id FROM broadcast_templates WHERE name = ? AND id IS NOT ?').pluck().get(name, exceptId) as number | undefined;
}

export function insertTemplate(db: Db, f: TemplateFields, now: number): number {
  return Number(db.prepare('INSERT INTO broadcast_templates (name, format, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(f.name, f.format, f.title, f.body, now, now).lastInsertRowid);
}

export function updateTemplate(db: Db, id: number, f: TemplateFields, now: number): void {
  db.prepare('UPDATE broadcast_templates SET name = ?, format = ?, title = ?, body = ?, updated_at = ? WHERE id = ?').run(f.name, f.format, f.title, f.body, now, id);
}

export function deleteTemplate(db: Db, id: number): number {
  return db.prepare('DELETE FROM broadcast_templates WHERE id = ?').run(id).changes;
}

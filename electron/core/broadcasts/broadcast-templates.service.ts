/**
 * Broadcast templates: the operator's saved ones (create, update, delete; names unique) and the
 * read-only starters that ship with Qunzhu (starter-templates.ts), listed in the user's language.
 */
import type { TemplateDto } from '../../../shared/api/broadcasts';
import type { Locale } from '../../../shared/domain/enums';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { appError, t } from '../i18n/messages';
import { STARTER_TEMPLATES } from './starter-templates';

export interface TemplatesDeps {
  db: Db;
  locale: Locale;
  now(): number;
}

export interface TemplateInput {
  id?: number | undefined;
  name: string;
  format: 'text' | 'markdown';
  title?: string | undefined;
  body: string;
}

interface TemplateRow {
  id: number;
  name: string;
  format: 'text' | 'markdown';
  title: string;
  body: string;
  updated_at: number;
}

const savedDto = (r: TemplateRow): TemplateDto => ({
  id: r.id,
  key: `saved:${r.id}`,
  builtin: false,
  name: r.name,
  format: r.format,
  title: r.title,
  body: r.body,
  time: null,
  updatedAt: new Date(r.updated_at).toISOString(),
});

export function starterTemplates(locale: Locale): TemplateDto[] {
  return STARTER_TEMPLATES.map((s) => ({ id: null, key: `builtin:${s.slug}`, builtin: true, ...s.text[locale], format: 'markdown', time: s.time, updatedAt: null }));
}

/** Saved templates, most recently changed first, then the starters. */
export function listTemplates(d: Omit<TemplatesDeps, 'now'>): TemplateDto[] {
  const saved = d.db.prepare('SELECT * FROM broadcast_templates ORDER BY updated_at DESC, id DESC').all() as TemplateRow[];
  return [...saved.map(savedDto), ...starterTemplates(d.locale)];
}

function mustGet(d: Omit<TemplatesDeps, 'now'>, id: number): TemplateRow {
  const r = d.db.prepare('SELECT * FROM broadcast_templates WHERE id = ?').get(id) as TemplateRow | undefined;
  if (!r) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.template'), id });
  return r;
}

/** Creates a template, or updates the one with `id`. Another saved template's name is a conflict. */
export function saveTemplate(d: TemplatesDeps, input: TemplateInput): TemplateDto {
  return d.db.transaction(() => {
    if (input.id !== undefined) mustGet(d, input.id);
    const other = d.db.prepare('SELECT id FROM broadcast_templates WHERE name = ? AND id IS NOT ?').pluck().get(input.name, input.id ?? null) as number | undefined;
    if (other !== undefined) {
      const message = t(d.locale, 'broadcast.templateExists', { name: input.name });
      throw new AppError('CONFLICT', message, [{ path: 'name', message }]);
    }
    const now = d.now();
    const title = input.title ?? '';
    const id =
      input.id ??
      Number(d.db.prepare('INSERT INTO broadcast_templates (name, format, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(input.name, input.format, title, input.body, now, now).lastInsertRowid);
    if (input.id !== undefined) d.db.prepare('UPDATE broadcast_templates SET name = ?, format = ?, title = ?, body = ?, updated_at = ? WHERE id = ?').run(input.name, input.format, title, input.body, now, id);
    return savedDto(mustGet(d, id));
  }).immediate();
}

export function deleteTemplate(d: Omit<TemplatesDeps, 'now'>, id: number): number {
  return d.db.transaction(() => {
    mustGet(d, id);
    return d.db.prepare('DELETE FROM broadcast_templates WHERE id = ?').run(id).changes;
  })();
}

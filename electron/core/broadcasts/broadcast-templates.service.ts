/**
 * Broadcast templates: the operator's saved ones (create, update, delete; names unique) and the
 * read-only starters that ship with Qunzhu (starter-templates.ts), listed in the user's language.
 */
import type { TemplateDto } from '../../../shared/api/broadcasts';
import type { Locale } from '../../../shared/domain/enums';
import { AppError } from '../../../shared/errors';
import { appError, t } from '../i18n/messages';
import type { ServiceDeps } from '../service-deps';
import { STARTER_TEMPLATES } from './starter-templates';
import * as repo from './templates.repo';

export interface TemplateInput {
  id?: number | undefined;
  name: string;
  format: 'text' | 'markdown';
  title?: string | undefined;
  body: string;
}

export function starterTemplates(locale: Locale): TemplateDto[] {
  return STARTER_TEMPLATES.map((s) => ({ id: null, key: `builtin:${s.slug}`, builtin: true, ...s.text[locale], format: 'markdown', time: s.time, updatedAt: null }));
}

/** Saved templates, most recently changed first, then the starters. */
export function listTemplates(d: Pick<ServiceDeps, 'db' | 'locale'>): TemplateDto[] {
  return [...repo.listTemplateRows(d.db).map(repo.toTemplateDto), ...starterTemplates(d.locale)];
}

function mustGet(d: Pick<ServiceDeps, 'db' | 'locale'>, id: number): repo.TemplateRow {
  const r = repo.getTemplateRow(d.db, id);
  if (!r) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.template'), id });
  return r;
}

/** Creates a template, or updates the one with `id`. Another saved template's name is a conflict. */
export function saveTemplate(d: ServiceDeps, input: TemplateInput): TemplateDto {
  return d.db.transaction(() => {
    if (input.id !== undefined) mustGet(d, input.id);
    if (repo.templateNamed(d.db, input.name, input.id ?? null) !== undefined) {
      const message = t(d.locale, 'broadcast.templateExists', { name: input.name });
      throw new AppError('CONFLICT', message, [{ path: 'name', message }]);
    }
    const now = d.now();
    const fields = { name: input.name, format: input.format, title: input.title ?? '', body: input.body };
    const id = input.id ?? repo.insertTemplate(d.db, fields, now);
    if (input.id !== undefined) repo.updateTemplate(d.db, id, fields, now);
    return repo.toTemplateDto(mustGet(d, id));
  }).immediate();
}

export function deleteTemplate(d: Pick<ServiceDeps, 'db' | 'locale'>, id: number): number {
  return d.db.transaction(() => {
    mustGet(d, id);
    return repo.deleteTemplate(d.db, id);
  })();
}

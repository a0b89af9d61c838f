/**
 * An import's failure as the user reads it, in their language: the file, where in it, and what
 * went wrong in words; the importer's own technical detail (English, for support) in brackets.
 * The CLI keeps the importer's plain message.
 */
import type { Locale } from '../../../shared/domain/enums';
import { IMPORT_FORMAT_NAMES, importFormatName } from '../../../shared/domain/import-formats';
import { t } from '../i18n/messages';
import type { ImportError } from '../importers/types';

export function importErrorText(locale: Locale, e: ImportError): string {
  const p = e.position;
  const parts: string[] = [];
  if (p.entry !== undefined) parts.push(t(locale, 'importError.entry', { name: p.entry }));
  if (p.line !== undefined) parts.push(t(locale, 'importError.line', { n: p.line }));
  if (p.index !== undefined) parts.push(t(locale, 'importError.index', { n: p.index }));
  if (p.offset !== undefined) parts.push(t(locale, 'importError.offset', { n: p.offset }));
  const where = parts.length ? t(locale, 'importError.where', { parts: parts.join(t(locale, 'importError.sep')) }) : '';
  const what = e.notAnExport
    ? t(locale, 'importError.notAnExport', { formats: Object.keys(IMPORT_FORMAT_NAMES).map((id) => importFormatName(id, locale)).join(t(locale, 'importError.listSep')) })
    : t(locale, `importError.${e.reason}`, { detail: e.detail });
  return t(locale, 'importError.file', { file: e.file, where, what });
}

/**
 * SQLite failures as the user reads them. Wherever a database error reaches a person (a handler's
 * envelope, the CLI, an import's result), damage is DB_CORRUPT and a lock held too long is DB_BUSY,
 * in the user's language, never "database disk image is malformed" with a stack trace.
 */
import type { Locale } from '../../../shared/domain/enums';
import type { AppError } from '../../../shared/errors';
import { appError } from '../i18n/messages';
import { isBusyError, isCorruptionError } from './sqlite-errors';

export function dbAppError(locale: Locale, e: unknown, file: string): AppError | null {
  if (isCorruptionError(e)) return appError(locale, 'DB_CORRUPT', { path: file });
  if (isBusyError(e)) return appError(locale, 'DB_BUSY', { path: file });
  return null;
}

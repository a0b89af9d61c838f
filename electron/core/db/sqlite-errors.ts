/** What kind of SQLite failure an error thrown by better-sqlite3 is, by its extended result code. */

const sqliteCode = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : '';
};

/** Every way SQLite says the file is damaged or is no database: SQLITE_CORRUPT* and SQLITE_NOTADB. */
export function isCorruptionError(e: unknown): boolean {
  const code = sqliteCode(e);
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/** Another connection held the lock longer than this one waited (SQLITE_BUSY*, SQLITE_LOCKED*). */
export function isBusyError(e: unknown): boolean {
  const code = sqliteCode(e);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** A write on a read-only connection or file (SQLITE_READONLY*). */
export function isReadOnlyError(e: unknown): boolean {
  return sqliteCode(e).startsWith('SQLITE_READONLY');
}

/**
 * One error shape for every transport. A handler throws AppError; the core turns anything it
 * throws into the envelope below, so the UI never sees a stack trace.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** The operation was stopped (cancelled, or superseded by a newer request) before it stored anything. */
  'CANCELLED',
  'DB_CORRUPT',
  'DB_TOO_NEW',
  'DB_OPEN_FAILED',
  /** Another import (or a long background job) holds the workspace's write lock. */
  'DB_BUSY',
  'WORKSPACE_FIXED',
  'DEMO_NEEDS_EMPTY',
  'SECRETS_LOCKED',
  'SECRETS_UNREADABLE',
  'CONFIRM_NEEDED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** dotted path into the request, e.g. "input.name" */
  path: string;
  message: string;
}

export interface AppErrorDto {
  code: ErrorCode;
  /** Already in the user's language. */
  message: string;
  fields?: FieldError[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorDto };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldError[];
  constructor(code: ErrorCode, message: string, fields?: FieldError[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (fields) this.fields = fields;
  }
  toDto(): AppErrorDto {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
  static fromDto(dto: AppErrorDto): AppError {
    return new AppError(dto.code, dto.message, dto.fields);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

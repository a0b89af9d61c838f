import { AppError } from '../../shared/errors';

/** What to tell the user. The core's messages are already in their language; anything else is shown as is. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface FormFieldError {
  name: string[];
  errors: string[];
}

/**
 * The core's field errors, mapped onto a form's fields. Paths are relative to the request
 * (`input.name`); `prefix` is the part the form does not have. Errors for fields the form
 * does not show are left out, so the caller knows to show the message instead.
 */
export function formFieldErrors(e: unknown, known: readonly string[], prefix = ''): FormFieldError[] {
  if (!(e instanceof AppError) || !e.fields) return [];
  const byField = new Map<string, string[]>();
  for (const f of e.fields) {
    if (!f.path.startsWith(prefix)) continue;
    const path = f.path.slice(prefix.length);
    const top = path.split('.')[0] ?? '';
    if (!known.includes(top)) continue;
    byField.set(top, [...(byField.get(top) ?? []), f.message]);
  }
  return [...byField].map(([name, errors]) => ({ name: [name], errors }));
}

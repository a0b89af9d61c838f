import { formatDay } from '../../lib/time';

/** A case's discussion dates in the reader's language: one day, or first – last day. */
export function formatCaseDates(firstAt: string | null, lastAt: string | null, lang: string): string {
  if (!firstAt) return '—';
  const a = formatDay(firstAt, lang, true);
  const b = lastAt ? formatDay(lastAt, lang, true) : a;
  return a === b ? a : `${a} – ${b}`;
}

export const TAG_COLORS = { product: 'blue', pain: 'volcano', outcome: 'green' } as const;

/** A case's discussion dates in the reader's language: one day, or first – last day. */
export function formatCaseDates(firstAt: string | null, lastAt: string | null, lang: string): string {
  if (!firstAt) return '—';
  const day = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(lang, { year: 'numeric', month: '2-digit', day: '2-digit' });
  };
  const a = day(firstAt);
  const b = lastAt ? day(lastAt) : a;
  return a === b ? a : `${a} – ${b}`;
}

export const TAG_COLORS = { product: 'blue', pain: 'volcano', outcome: 'green' } as const;

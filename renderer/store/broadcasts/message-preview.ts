/**
 * A message as the group will see it, parsed into plain data for React to render as text: the
 * markdown subset the group robots display (headings, bold, links, quotes, list items), and
 * nothing else. Never HTML: a broadcast's text is typed by the operator but its variables carry
 * group names from imports, and a preview must not become a way to run markup.
 */

export type Span = { kind: 'text'; text: string } | { kind: 'bold'; text: string } | { kind: 'link'; text: string; href: string };

export interface Line {
  kind: 'heading' | 'quote' | 'item' | 'para' | 'blank';
  spans: Span[];
}

const INLINE = /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)/g;

/** Only web links are links; anything else (javascript:, file:) stays visible text. */
export const safeHref = (href: string): string | null => (/^https?:\/\//i.test(href) ? href : null);

/** A picture's source only when it is what the core serves: a base64 PNG or JPEG data URL (never a remote or script URL). */
export const safeImageUrl = (url: string): string | null => (/^data:image\/(?:png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/.test(url) ? url : null);

export function inlineSpans(text: string): Span[] {
  const out: Span[] = [];
  const plain = (t: string) => {
    const prev = out[out.length - 1];
    if (prev?.kind === 'text') prev.text += t;
    else out.push({ kind: 'text', text: t });
  };
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) plain(text.slice(last, m.index));
    if (m[1] !== undefined) out.push({ kind: 'bold', text: m[1] });
    else {
      const href = safeHref(m[3]!);
      if (href) out.push({ kind: 'link', text: m[2]!, href });
      else plain(m[0]);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) plain(text.slice(last));
  return out;
}

/** Plain text keeps every character as typed; markdown shows the robots' subset. */
export function previewLines(content: string, format: 'text' | 'markdown' | 'post'): Line[] {
  return content.split('\n').map((raw): Line => {
    if (!raw.trim()) return { kind: 'blank', spans: [] };
    if (format === 'text') return { kind: 'para', spans: [{ kind: 'text', text: raw }] };
    const heading = /^#{1,6}\s+(.*)$/.exec(raw);
    if (heading) return { kind: 'heading', spans: inlineSpans(heading[1]!) };
    const quote = /^>\s?(.*)$/.exec(raw);
    if (quote) return { kind: 'quote', spans: inlineSpans(quote[1]!) };
    const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(raw);
    if (item) return { kind: 'item', spans: inlineSpans(item[1]!) };
    return { kind: 'para', spans: inlineSpans(raw) };
  });
}

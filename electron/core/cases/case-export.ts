/**
 * Case documents: pure functions from cases (as cases.service's getCase returns them, redactions
 * already applied) and the image files found for their attachments, to a Markdown text, a
 * single-file HTML and the list of image files that go beside the Markdown. No I/O here
 * (case-export-io.ts reads the images and writes the files), so every rule below is unit-tested.
 *
 * What a document shows, and what it never shows:
 *   - the redacted texts only (title, summary, visible messages, annotations) and labels for
 *     people (成员A, KOL, 群主, or the operator's own label) — never a participant's name;
 *   - hidden messages are left out;
 *   - attachments by kind; an image whose file was found is embedded (HTML, as a data: URL after
 *     its magic bytes were checked) or copied to images/NNN.ext (Markdown), named by number: an
 *     attachment's own file name can carry a name or an id. An image that is not available is
 *     said so in the document, again without its file name.
 * HTML safety: every text is escaped; links are http(s) only, written as their own text with the
 * same href and rel="noopener noreferrer"; no script, no event handler attributes, no external
 * resource (a CSP meta allows images from data: and inline style only).
 */
import type { CaseDto, CaseMessageDto } from '../../../shared/api/cases';
import type { Locale } from '../../../shared/domain/enums';
import { t } from '../i18n/messages';

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
export interface FoundImage {
  mime: ImageMime;
  data: Uint8Array;
}

export interface DocumentOptions {
  locale: Locale;
  /** IANA zone for message times (the operator's own). */
  timeZone: string;
  /** Attachment reference → its image file, or null/absent when not available. */
  images: ReadonlyMap<string, FoundImage | null>;
  /** For a book: its title and when it was made (ISO). */
  book?: { title: string; generatedAt: string };
}

export interface ImageFile {
  /** Path inside the Markdown folder, e.g. `images/001.png`. */
  path: string;
  mime: ImageMime;
  data: Uint8Array;
}

export interface CaseDocuments {
  markdown: string;
  html: string;
  /** Exactly the files the Markdown references, each once. */
  images: ImageFile[];
  /** Attachment references that are images but were not available. */
  missingImages: string[];
}

type Word = 'summary' | 'group' | 'period' | 'product' | 'pain' | 'outcome' | 'participants' | 'discussion' | 'note' | 'imageMissing' | 'image' | 'contents' | 'redacted';

/** The document's own words, from the core's catalog (keys `caseExport.*`), in the document's language. */
function wordsOf(locale: Locale): (key: Word) => string {
  return (key) => t(locale, `caseExport.${key}`);
}

const EXT: Record<ImageMime, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

// ---- escaping ------------------------------------------------------------------------------

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** http(s) URLs in text; the rest of the text is never a link. Trailing CJK/closing punctuation is not part of the URL. */
const URL_RE = /\bhttps?:\/\/[^\s<>"'`，。！？、；：）】》」』\u3000]+/giu;

function linkifyHtml(text: string): string {
  let out = '';
  let cursor = 0;
  for (const m of text.matchAll(URL_RE)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    out += escapeHtml(text.slice(cursor, m.index));
    out += `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
    cursor = m.index + url.length;
  }
  return out + escapeHtml(text.slice(cursor));
}

/**
 * Markdown that shows the text as it is: every character Markdown gives a meaning is
 * backslash-escaped (so `<img onerror=…>` stays text in any renderer), and line starts that would
 * make a list, a heading or a quote are escaped too.
 */
export function escapeMarkdown(s: string): string {
  return s
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/[\\`*_{}[\]<>#|~!&]/g, (c) => (c === '&' ? '&amp;' : `\\${c}`))
        .replace(/^(\s*)([-+=])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    .join('  \n');
}

// ---- shared pieces -------------------------------------------------------------------------

function dateTime(isoString: string, o: DocumentOptions): string {
  return new Intl.DateTimeFormat(o.locale, { timeZone: o.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(isoString));
}

function dateOnly(isoString: string, o: DocumentOptions): string {
  return new Intl.DateTimeFormat(o.locale, { timeZone: o.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(isoString));
}

function period(c: CaseDto, o: DocumentOptions): string {
  if (!c.firstAt || !c.lastAt) return '';
  const a = dateOnly(c.firstAt, o);
  const b = dateOnly(c.lastAt, o);
  return a === b ? a : `${a} – ${b}`;
}

const visible = (c: CaseDto) => c.messages.filter((m) => !m.hidden);

type Piece = { kind: 'image'; file: ImageFile } | { kind: 'missing' } | { kind: 'other'; label: string };

/** Numbers the available images across the whole document, so a book's images never collide. */
class ImageIndex {
  readonly files: ImageFile[] = [];
  readonly missing: string[] = [];
  private readonly byRef = new Map<string, ImageFile>();
  constructor(private readonly o: DocumentOptions) {}
  pieces(m: CaseMessageDto): Piece[] {
    return m.attachments.map((a): Piece => {
      if (a.kind !== 'image') return { kind: 'other', label: t(this.o.locale, `caseExport.kind.${a.kind}`) };
      const found = this.o.images.get(a.ref);
      if (!found) {
        if (!this.missing.includes(a.ref)) this.missing.push(a.ref);
        return { kind: 'missing' };
      }
      let file = this.byRef.get(a.ref);
      if (!file) {
        file = { path: `images/${String(this.files.length + 1).padStart(3, '0')}.${EXT[found.mime]}`, mime: found.mime, data: found.data };
        this.files.push(file);
        this.byRef.set(a.ref, file);
      }
      return { kind: 'image', file };
    });
  }
}

// ---- Markdown ------------------------------------------------------------------------------

function caseMarkdown(c: CaseDto, o: DocumentOptions, images: ImageIndex, heading: string): string {
  const w = wordsOf(o.locale);
  const lines: string[] = [`${heading} ${escapeMarkdown(c.redactedTitle.text)}`, ''];
  if (c.groupName) lines.push(`- **${w('group')}**: ${escapeMarkdown(c.groupName)}`);
  const p = period(c, o);
  if (p) lines.push(`- **${w('period')}**: ${escapeMarkdown(p)}`);
  for (const kind of ['product', 'pain', 'outcome'] as const) if (c.tags[kind].length) lines.push(`- **${w(kind)}**: ${c.tags[kind].map(escapeMarkdown).join(', ')}`);
  const people = c.participants.filter((x) => x.shownMessages > 0);
  if (people.length) lines.push(`- **${w('participants')}**: ${people.map((x) => escapeMarkdown(x.label)).join(', ')}`);
  lines.push('');
  if (c.redactedSummary.text.trim()) lines.push(`${heading}# ${w('summary')}`, '', escapeMarkdown(c.redactedSummary.text), '');
  lines.push(`${heading}# ${w('discussion')}`, '');
  for (const m of visible(c)) {
    lines.push(`**${escapeMarkdown(m.sender.label)}** · ${escapeMarkdown(dateTime(m.sentAt, o))}`, '');
    if (m.redactedText.trim()) lines.push(`> ${escapeMarkdown(m.redactedText).replace(/ {2}\n/g, '  \n> ')}`, '');
    for (const piece of images.pieces(m)) {
      if (piece.kind === 'image') lines.push(`![${w('image')}](${piece.file.path})`, '');
      else if (piece.kind === 'missing') lines.push(`*${w('imageMissing')}*`, '');
      else lines.push(`*[${piece.label}]*`, '');
    }
    if (m.redactedAnnotation.text.trim()) lines.push(`*${w('note')}*: ${escapeMarkdown(m.redactedAnnotation.text)}`, '');
  }
  return lines.join('\n');
}

// ---- HTML ----------------------------------------------------------------------------------

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #1f2328; background: #fff; font: 15px/1.7 "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif; }
main { max-width: 760px; margin: 0 auto; padding: 32px 28px; }
h1 { font-size: 26px; line-height: 1.35; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
.meta { margin: 0 0 8px; padding: 0; list-style: none; color: #57606a; font-size: 13px; }
.meta li { margin: 2px 0; }
.meta b { color: #1f2328; font-weight: 600; margin-right: 6px; }
.tag { display: inline-block; margin: 0 6px 4px 0; padding: 0 8px; border-radius: 10px; background: #eef2f7; color: #24292f; font-size: 12px; }
.summary { white-space: pre-wrap; background: #f6f8fa; border-left: 4px solid #1677ff; padding: 10px 14px; margin: 12px 0; }
.msg { break-inside: avoid; page-break-inside: avoid; margin: 0 0 14px; }
.who { font-size: 13px; color: #57606a; margin-bottom: 2px; }
.who b { color: #0b57d0; margin-right: 8px; }
.text { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; border-radius: 8px; padding: 8px 12px; display: inline-block; max-width: 100%; }
.text a { color: #0b57d0; word-break: break-all; }
.att { margin: 6px 0 0; color: #57606a; font-size: 13px; }
.att img { display: block; max-width: 100%; max-height: 520px; border-radius: 6px; border: 1px solid #d0d7de; }
.note { margin: 6px 0 0; padding: 6px 10px; border-left: 3px solid #faad14; background: #fffbe6; font-size: 13px; white-space: pre-wrap; }
.notice { margin-top: 28px; color: #8c959f; font-size: 12px; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; page-break-after: always; }
.cover h1 { font-size: 34px; }
.toc { break-after: page; page-break-after: always; }
.toc ol { padding-left: 22px; }
.toc a { color: #1f2328; text-decoration: none; }
.toc .sub { color: #57606a; font-size: 13px; margin-left: 8px; }
.case + .case { break-before: page; page-break-before: always; }
@media print { main { padding: 0; } .text, .summary { background: #f6f8fa !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

const dataUrl = (f: ImageFile) => `data:${f.mime};base64,${Buffer.from(f.data).toString('base64')}`;

function caseHtml(c: CaseDto, o: DocumentOptions, images: ImageIndex, anchor: string | null): string {
  const w = wordsOf(o.locale);
  const meta: string[] = [];
  if (c.groupName) meta.push(`<li><b>${w('group')}</b>${escapeHtml(c.groupName)}</li>`);
  const p = period(c, o);
  if (p) meta.push(`<li><b>${w('period')}</b>${escapeHtml(p)}</li>`);
  for (const kind of ['product', 'pain', 'outcome'] as const) {
    if (c.tags[kind].length) meta.push(`<li><b>${w(kind)}</b>${c.tags[kind].map((x) => `<span class="tag">${escapeHtml(x)}</span>`).join('')}</li>`);
  }
  const people = c.participants.filter((x) => x.shownMessages > 0);
  if (people.length) meta.push(`<li><b>${w('participants')}</b>${escapeHtml(people.map((x) => x.label).join('、'))}</li>`);
  const msgs = visible(c).map((m) => {
    const atts = images
      .pieces(m)
      .map((piece) =>
        piece.kind === 'image'
          ? `<div class="att"><img src="${dataUrl(piece.file)}" alt="${escapeHtml(w('image'))}"></div>`
          : piece.kind === 'missing'
            ? `<div class="att">${escapeHtml(w('imageMissing'))}</div>`
            : `<div class="att">[${escapeHtml(piece.label)}]</div>`,
      )
      .join('');
    const text = m.redactedText.trim() ? `<div class="text">${linkifyHtml(m.redactedText)}</div>` : '';
    const note = m.redactedAnnotation.text.trim() ? `<div class="note"><b>${escapeHtml(w('note'))}：</b>${linkifyHtml(m.redactedAnnotation.text)}</div>` : '';
    return `<div class="msg"><div class="who"><b>${escapeHtml(m.sender.label)}</b>${escapeHtml(dateTime(m.sentAt, o))}</div>${text}${atts}${note}</div>`;
  });
  const summary = c.redactedSummary.text.trim() ? `<h2>${w('summary')}</h2><div class="summary">${linkifyHtml(c.redactedSummary.text)}</div>` : '';
  return `<section class="case"${anchor ? ` id="${anchor}"` : ''}><h1>${escapeHtml(c.redactedTitle.text)}</h1><ul class="meta">${meta.join('')}</ul>${summary}<h2>${w('discussion')}</h2>${msgs.join('\n')}</section>`;
}

function page(title: string, locale: Locale, body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

// ---- documents -----------------------------------------------------------------------------

/** One case, or (with `o.book`) an archive book of several: cover, table of contents, one part per case. */
export function caseDocuments(cases: readonly CaseDto[], o: DocumentOptions): CaseDocuments {
  const w = wordsOf(o.locale);
  const md = new ImageIndex(o);
  const html = new ImageIndex(o);
  const notice = escapeHtml(w('redacted'));
  if (!o.book) {
    const c = cases[0]!;
    const markdown = `${caseMarkdown(c, o, md, '#')}\n---\n\n*${escapeMarkdown(w('redacted'))}*\n`;
    const body = `${caseHtml(c, o, html, null)}<p class="notice">${notice}</p>`;
    return { markdown, html: page(c.redactedTitle.text, o.locale, body), images: md.files, missingImages: md.missing };
  }
  const { title, generatedAt } = o.book;
  const made = t(o.locale, 'caseExport.generated', { date: dateOnly(generatedAt, o) });
  const count = t(o.locale, 'caseExport.cases', { n: cases.length });
  const mdParts = [`# ${escapeMarkdown(title)}`, '', `${escapeMarkdown(count)} · ${escapeMarkdown(made)}`, '', `## ${w('contents')}`, ''];
  cases.forEach((c, i) => mdParts.push(`${i + 1}\\. [${escapeMarkdown(c.redactedTitle.text)}](#case-${i + 1})`));
  mdParts.push('');
  cases.forEach((c, i) => mdParts.push('---', '', `<a id="case-${i + 1}"></a>`, '', caseMarkdown(c, o, md, '##')));
  mdParts.push('---', '', `*${escapeMarkdown(w('redacted'))}*`, '');
  const toc = cases
    .map((c, i) => {
      const p = period(c, o);
      return `<li><a href="#case-${i + 1}">${escapeHtml(c.redactedTitle.text)}</a>${p ? `<span class="sub">${escapeHtml(p)}</span>` : ''}</li>`;
    })
    .join('');
  const body = [
    `<section class="cover"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(count)}</p><p>${escapeHtml(made)}</p></section>`,
    `<nav class="toc"><h2>${w('contents')}</h2><ol>${toc}</ol></nav>`,
    ...cases.map((c, i) => caseHtml(c, o, html, `case-${i + 1}`)),
    `<p class="notice">${notice}</p>`,
  ].join('\n');
  return { markdown: mdParts.join('\n'), html: page(title, o.locale, body), images: md.files, missingImages: md.missing };
}

/**
 * Case exports, the I/O side: the consent check, reading the image files that attachments refer
 * to, and turning the documents of case-export.ts into the file the user asked for (Markdown,
 * HTML, ZIP via fflate, PDF/PNG via headless Chromium).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { CaseDto, MissingConsentDto } from '../../../shared/api/cases';
import { safeFileName } from '../../../shared/file-name';
import { appError, t } from '../i18n/messages';
import { renderHtml, type DocumentRenderer } from '../files/headless-chromium';
import { caseDocuments, type CaseDocuments, type FoundImage, type ImageMime } from './case-export';
import type { ServiceDeps } from '../service-deps';
import { caseIdsWithTag } from './cases.repo';
import { getCase, getCaseSettings } from './cases.service';

export type ExportFormat = 'md' | 'html' | 'zip' | 'pdf' | 'png';
/** The document's name inside a ZIP or a Markdown folder. */
export type DocName = 'case' | 'book';

export interface ExportOptions {
  /** IANA zone for times in the document; the machine's own by default. */
  timeZone?: string;
  /** For tests: where to look for Chromium. */
  env?: NodeJS.ProcessEnv;
  /** What makes PDFs and PNGs: Electron's in the app, headless Chromium by default. */
  renderer?: DocumentRenderer;
}

export interface ExportedFile {
  name: string;
  data: Buffer;
  missingConsent: MissingConsentDto[];
  missingImages: string[];
  /** The documents, for writing the Markdown folder (CLI). */
  docs: CaseDocuments;
  docName: DocName;
}

const MAX_IMAGE = 20 * 1024 * 1024;

/** The image type by magic bytes, or null: a file named .png that is not one is not embedded. */
export function sniffImage(b: Uint8Array): ImageMime | null {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && Buffer.from(b.subarray(0, 6)).toString('latin1').startsWith('GIF8')) return 'image/gif';
  if (b.length >= 12 && Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/**
 * Attachments are references (a file name or URL as the export wrote it). An image is available
 * when its reference is an absolute path or a file: URL to a readable image file of at most 20 MB;
 * anything else (a bare name from an export whose folder is gone, an http URL: never fetched) is
 * not, and the document says so.
 */
export function findImages(cases: readonly CaseDto[]): Map<string, FoundImage | null> {
  const out = new Map<string, FoundImage | null>();
  for (const c of cases) {
    for (const m of c.messages) {
      for (const a of m.attachments) {
        if (a.kind !== 'image' || out.has(a.ref)) continue;
        out.set(a.ref, readImage(a.ref));
      }
    }
  }
  return out;
}

function readImage(ref: string): FoundImage | null {
  try {
    const file = ref.startsWith('file:') ? fileURLToPath(ref) : ref;
    if (!path.isAbsolute(file)) return null;
    const st = fs.statSync(file);
    if (!st.isFile() || st.size === 0 || st.size > MAX_IMAGE) return null;
    const data = fs.readFileSync(file);
    const mime = sniffImage(data);
    return mime ? { mime, data } : null;
  } catch {
    return null;
  }
}

/** The Markdown folder and the HTML as ZIP entries: `case.md` (`book.md`), `images/…`, `case.html`. */
export function zipEntries(docs: CaseDocuments, base: DocName, withHtml: boolean): Zippable {
  const entries: Zippable = { [`${base}.md`]: strToU8(docs.markdown) };
  for (const f of docs.images) entries[f.path] = [f.data, { level: 0 }];
  if (withHtml) entries[`${base}.html`] = strToU8(docs.html);
  return entries;
}

/** Long-image height before cropping: generous, from the amount of text and images shown. */
function pngHeight(cases: readonly CaseDto[]): number {
  let h = 400;
  for (const c of cases) {
    h += 360 + Math.ceil(c.redactedSummary.text.length / 40) * 28;
    for (const m of c.messages) {
      if (m.hidden) continue;
      const lines = m.redactedText.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 34)), 0);
      h += 70 + lines * 28 + m.attachments.length * 560 + (m.annotation ? 60 + Math.ceil(m.annotation.length / 40) * 24 : 0);
    }
  }
  return Math.ceil(h * 1.2);
}

/**
 * The file's name before its extension, from the case's (or book's) title: a group name in it may
 * hold bidi overrides or invisible characters, which shared/file-name.ts removes. At most 60
 * characters, as the archive shows titles.
 */
function safeBase(title: string): string {
  const short = [...safeFileName(title, { fallback: 'case' })].slice(0, 60).join('');
  return safeFileName(short, { fallback: 'case' });
}

async function render(d: ServiceDeps, cases: CaseDto[], format: ExportFormat, base: string, book: { title: string } | null, o: ExportOptions): Promise<ExportedFile> {
  const missingConsent = cases.flatMap((c) => c.missingConsent);
  if (missingConsent.length && getCaseSettings(d.db).requireConsent) {
    const who = missingConsent.map((m) => `${m.label}（${m.name}）`).join('、');
    throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'case.consentRefused', { who }) });
  }
  const docs = caseDocuments(cases, {
    locale: d.locale,
    timeZone: o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    images: findImages(cases),
    ...(book ? { book: { title: book.title, generatedAt: new Date(d.now()).toISOString() } } : {}),
  });
  const docName: DocName = book ? 'book' : 'case';
  let name: string;
  let data: Buffer;
  switch (format) {
    case 'md':
      // One file when nothing goes beside it; the folder (zipped) when images do.
      if (docs.images.length === 0) {
        name = `${base}.md`;
        data = Buffer.from(docs.markdown);
      } else {
        name = `${base}-markdown.zip`;
        data = Buffer.from(zipSync(zipEntries(docs, docName, false)));
      }
      break;
    case 'html':
      name = `${base}.html`;
      data = Buffer.from(docs.html);
      break;
    case 'zip':
      name = `${base}.zip`;
      data = Buffer.from(zipSync(zipEntries(docs, docName, true)));
      break;
    case 'pdf':
    case 'png':
      name = `${base}.${format}`;
      data = await (o.renderer ?? renderHtml)(docs.html, format, { locale: d.locale, height: pngHeight(cases), ...(o.env ? { env: o.env } : {}) });
      break;
  }
  return { name, data, missingConsent, missingImages: docs.missingImages, docs, docName };
}

/** One case as a document; refuses (cases.requireConsent) or reports shown words without consent. */
export function exportCase(d: ServiceDeps, id: number, format: ExportFormat, o: ExportOptions = {}): Promise<ExportedFile> {
  const c = getCase(d, id);
  return render(d, [c], format, safeBase(c.redactedTitle.text), null, o);
}

/** An archive book of several cases: by ids (in that order) or every case with a tag (oldest first). */
export function exportBook(d: ServiceDeps, pick: { ids?: number[] | undefined; tag?: string | undefined; title?: string | undefined }, format: ExportFormat, o: ExportOptions = {}): Promise<ExportedFile> {
  const ids = pick.ids ?? caseIdsWithTag(d.db, pick.tag ?? '');
  if (ids.length === 0) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'case.bookEmpty', { tag: pick.tag ?? '' }) });
  const cases = [...new Set(ids)].map((id) => getCase(d, id));
  const title = pick.title ?? (pick.tag ? t(d.locale, 'case.bookTitleTag', { tag: pick.tag }) : t(d.locale, 'case.bookTitle'));
  return render(d, cases, format, safeBase(title), { title }, o);
}

/** The Markdown folder on disk (CLI): `<dir>/case.md` (`book.md`) and `<dir>/images/…`; returns the files written. */
export function writeMarkdownFolder(docs: CaseDocuments, dir: string, base: DocName): string[] {
  fs.mkdirSync(dir, { recursive: true });
  if (docs.images.length) fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  const written = [path.join(dir, `${base}.md`)];
  fs.writeFileSync(written[0]!, docs.markdown);
  for (const f of docs.images) {
    const file = path.join(dir, f.path);
    fs.writeFileSync(file, f.data);
    written.push(file);
  }
  return written;
}

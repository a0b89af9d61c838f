/**
 * File names made from user text: group names in export names, case titles, uploads, pictures
 * saved from the browser. Used by the core and the renderer alike, so it lives here (no runtime
 * dependencies).
 *
 * A name must not hide or reorder what the user reads: with U+202E (right-to-left override) a
 * group called `…\u202Elmth.exe` makes `…\u202Elmth.exe · 2024-01-01.html` read as if it ended in
 * `.exe`, and zero-width or other format characters can make two names look alike. Every control,
 * format, bidi, line-separator and default-ignorable character goes; so do folder separators and
 * the characters Windows refuses; and a name is never empty, never `.` or `..`, never a hidden file.
 */

/** Line breaks, tabs and other controls, and the Unicode line/paragraph separators: become a space. */
const BREAKING = /[\p{Cc}\p{Zl}\p{Zp}]/gu;
/**
 * Format characters (Cf: U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+061C, U+FEFF, U+00AD …),
 * lone surrogates, other default-ignorable code points (variation selectors, Hangul fillers) and
 * noncharacters: removed, as they show nothing.
 */
const INVISIBLE = /[\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/gu;
/** Folder separators and what Windows does not allow in a name. */
const RESERVED = /[\\/<>:"|?*]/g;
/** Names Windows keeps for devices, with any extension. */
const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/** An extension worth keeping when a long name is cut. */
const EXTENSION = /\.[A-Za-z0-9]{1,10}$/;

/** What is left of a name that cannot be used at all. */
const LAST_RESORT = 'file';

export interface SafeFileNameOptions {
  /** The name used when nothing of `raw` is left (itself expected to be a plain name). */
  fallback?: string;
  /** Longest name in UTF-8 bytes (file systems allow 255; a download gets a 37-character prefix). */
  maxBytes?: number;
}

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** The longest start of `s` (whole code points) that fits in `max` UTF-8 bytes. */
function cut(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

const trimEnds = (s: string): string => s.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');

/** The name cleaned of what may not be in it, before any length limit. */
function clean(raw: string): string {
  // Removed before NFC, so what is left composes as it will on the next call.
  const s = String(raw).replace(BREAKING, ' ').replace(INVISIBLE, '').normalize('NFC').replace(RESERVED, '_');
  return trimEnds(s.replace(/\s+/gu, ' '));
}

/** At most `max` UTF-8 bytes, keeping the extension when the name has one. */
function fit(s: string, max: number): string {
  if (utf8Length(s) <= max) return s;
  const ext = EXTENSION.exec(s)?.[0] ?? '';
  const stem = trimEnds(cut(s.slice(0, s.length - ext.length), max - ext.length));
  return stem ? `${stem}${ext}` : trimEnds(cut(s, max));
}

/**
 * A name that is safe as one file name on every platform and shows what it is: see the header.
 * Idempotent: a safe name comes back unchanged.
 */
export function safeFileName(raw: string, o: SafeFileNameOptions = {}): string {
  const maxBytes = Math.max(16, o.maxBytes ?? 200);
  let s = clean(raw);
  if (DEVICE.test(s)) s = `_${s}`;
  s = fit(s, maxBytes);
  // Cutting can leave a device name ("nul" of "nul 𠀀…"); the prefix makes it a plain name again.
  if (DEVICE.test(s)) s = `_${fit(s, maxBytes - 1)}`;
  if (s) return s;
  const fallback = o.fallback ?? LAST_RESORT;
  return fallback === LAST_RESORT ? LAST_RESORT : safeFileName(fallback, { maxBytes });
}

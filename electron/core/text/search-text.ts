/**
 * Chinese full-text search, the text side. SQLite's FTS5 `unicode61` tokenizer splits on
 * spaces, so the core feeds it a "search body" that it writes itself:
 *   - runs of CJK characters become overlapping two-character chunks plus the run's last
 *     character alone ("今天天气" -> "今天 天天 天气 气"), so any query of two or more
 *     characters is an indexed phrase of chunks, and a single character is an indexed prefix
 *     (every character of a run starts exactly one token);
 *   - runs of other letters and digits become one lower-cased word each ("iPhone15" ->
 *     "iphone15"), found by word or word prefix;
 *   - everything else (punctuation, spaces, emoji) separates runs and is dropped.
 * Chunks are only made inside a run, so "天，气" never matches the query "天气". Adjacent
 * tokens of two runs can still line up into a phrase across a separator ("AB，BC" and the query
 * "ABC"), so callers confirm each candidate with `matchesAll` on the stored text.
 */

/** CJK ideographs, kana, hangul and CJK compatibility ideographs: chunked by two. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;

type RunKind = 'cjk' | 'word';
interface Run {
  kind: RunKind;
  text: string;
}

/** NFKC folds full-width letters and digits (ＡＢＣ１２３) and compatibility forms; lower-case for Latin. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Splits normalized text into runs; `sep` marks a separator between two runs. */
function runs(text: string): (Run | 'sep')[] {
  const out: (Run | 'sep')[] = [];
  let cur: Run | null = null;
  for (const ch of text) {
    const kind: RunKind | null = CJK.test(ch) ? 'cjk' : WORD.test(ch) ? 'word' : null;
    if (kind === null) {
      if (cur) out.push(cur, 'sep');
      cur = null;
      continue;
    }
    if (cur && cur.kind === kind) cur.text += ch;
    else {
      if (cur) out.push(cur);
      cur = { kind, text: ch };
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Appends a CJK run's overlapping two-character chunks (and its last character) to `out`.
 * Appended one by one, never spread into push(): a run of 100,000+ characters would overflow the
 * call stack as spread arguments (issue #17).
 */
function cjkTokens(run: string, withLast: boolean, out: string[]): void {
  const chars = Array.from(run);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  if (withLast || chars.length === 1) out.push(chars[chars.length - 1]!);
}

/** The text FTS5 indexes for one message. */
export function searchBody(text: string): string {
  if (!text) return '';
  const tokens: string[] = [];
  for (const r of runs(normalizeText(text))) {
    if (r === 'sep') continue;
    if (r.kind === 'word') tokens.push(r.text);
    else cjkTokens(r.text, true, tokens);
  }
  return tokens.join(' ');
}

/** FTS5 string literal: tokens never contain quotes (only letters and digits), but be safe. */
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * One query term (no spaces or punctuation inside) as an FTS5 phrase. Runs before the last are
 * written as they are indexed (their last character alone marks the run's end); the last run is
 * a prefix: a Latin word may continue ("iph" finds "iphone"), and a lone CJK character may be the
 * start of any chunk.
 */
function termToFts(term: string): string | null {
  const rs = runs(term).filter((r): r is Run => r !== 'sep');
  if (rs.length === 0) return null;
  const tokens: string[] = [];
  let prefix = false;
  rs.forEach((r, i) => {
    const last = i === rs.length - 1;
    if (r.kind === 'word') {
      tokens.push(r.text);
      prefix = last;
    } else if (last) {
      const chars = Array.from(r.text);
      if (chars.length === 1) {
        tokens.push(chars[0]!);
        prefix = true;
      } else {
        cjkTokens(r.text, false, tokens);
        prefix = false;
      }
    } else cjkTokens(r.text, true, tokens);
  });
  return `${quote(tokens.join(' '))}${prefix ? ' *' : ''}`;
}

export interface ParsedQuery {
  /** Normalized terms that must all occur in a message's text (for confirming and highlighting). */
  terms: string[];
  /** FTS5 MATCH expression, or null when the query has no searchable characters. */
  match: string | null;
  /** `from:名字` — sender name or platform id (substring). */
  from?: string;
  /** `group:群名` — group name (substring). */
  group?: string;
  /** `after:2026-01-01` / `before:2026-02-01`, as given (the service resolves them). */
  after?: string;
  before?: string;
}

const OPERATORS = ['from', 'group', 'after', 'before'] as const;

/**
 * Parses what the user typed: space-separated terms (all must match), `"quoted phrases"`,
 * and `from:` `group:` `after:` `before:` filters. Punctuation inside a term splits it into
 * terms, as it would split the text.
 */
export function parseQuery(q: string): ParsedQuery {
  const out: ParsedQuery = { terms: [], match: null };
  const raw: string[] = [];
  const re = /(\w+):(?:"([^"]*)"|(\S+))|"([^"]*)"|(\S+)/gu;
  for (const m of q.matchAll(re)) {
    const op = m[1]?.toLowerCase();
    if (op && (OPERATORS as readonly string[]).includes(op)) {
      const value = (m[2] ?? m[3] ?? '').trim();
      if (value) out[op as (typeof OPERATORS)[number]] = value;
      continue;
    }
    raw.push(m[4] ?? m[5] ?? m[0]);
  }
  const parts: string[] = [];
  for (const r of raw) {
    for (const run of runsOfTerm(normalizeText(r))) {
      out.terms.push(run);
      const fts = termToFts(run);
      if (fts) parts.push(fts);
    }
  }
  out.match = parts.length ? parts.join(' AND ') : null;
  return out;
}

/** Splits a normalized term at separators into the pieces that must each appear. */
function runsOfTerm(term: string): string[] {
  const pieces: string[] = [];
  let cur = '';
  for (const r of runs(term)) {
    if (r === 'sep') {
      if (cur) pieces.push(cur);
      cur = '';
    } else cur += r.text;
  }
  if (cur) pieces.push(cur);
  return pieces;
}

/** True when every term occurs in the text (after the same normalization the index uses). */
export function matchesAll(text: string, terms: readonly string[]): boolean {
  const t = normalizeText(text);
  return terms.every((term) => t.includes(term));
}

/**
 * Where the terms occur in the original text, as [start, end) UTF-16 offsets, merged and sorted.
 * NFKC may change lengths (full-width forms keep theirs; ligatures do not), so positions are
 * found character by character on the normalized form of each character.
 */
export function highlightRanges(text: string, terms: readonly string[]): [number, number][] {
  if (terms.length === 0 || !text) return [];
  // Map each normalized UTF-16 offset back to an offset in the original text.
  let norm = '';
  const back: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const n = normalizeText(ch);
    for (let i = 0; i < n.length; i++) back.push(offset);
    norm += n;
    offset += ch.length;
  }
  back.push(offset);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = norm.indexOf(term, from);
      if (at < 0) break;
      const endNorm = at + term.length;
      // End at the first original offset past the last normalized character matched.
      let end = back[endNorm]!;
      if (end === back[endNorm - 1]) end = nextCharEnd(text, back[endNorm - 1]!);
      ranges.push([back[at]!, end]);
      from = at + Math.max(1, term.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function nextCharEnd(text: string, at: number): number {
  const cp = text.codePointAt(at);
  return at + (cp !== undefined && cp > 0xffff ? 2 : 1);
}

const QUESTION_WORDS = /吗|怎么|如何|有没有|是不是|能不能|可不可以|为什么|为啥|哪里|哪个|哪些|什么|多少|几[个点天号]|请问|求助|谁知道|有人知道|how\b|what\b|why\b|when\b|where\b|which\b|who\b|can (i|you|we|anyone)\b|does anyone\b|is there\b/iu;

/**
 * Does this message ask something? A question mark (full- or half-width), or a question word
 * near the end of a short message. Cheap enough to run on every message at ingest.
 */
export function isQuestion(text: string): boolean {
  if (!text) return false;
  if (/[?？]/u.test(text)) return true;
  if (text.length > 200) return false;
  return QUESTION_WORDS.test(text);
}

/** The case archive's pure pieces: list requests from filters, redaction spans, message order, tags, consent. */
import type { CaseConsent, CaseDto, CaseRedactionDto, CaseTagKind, CaseTags, ConsentState, MissingConsentDto, Req } from '../../../shared/api';
import type { BOOK_FORMATS } from '../../../shared/api/cases';

export type BookFormat = (typeof BOOK_FORMATS)[number];

export interface CaseFilters {
  /** What is typed in the search box (the inbox's Chinese search over the archive). */
  query: string;
  /** One tag, with its kind (tags are free text: the same word may be a product and an outcome). */
  tag: { kind: CaseTagKind; tag: string } | null;
  groupId: number | null;
  consent: CaseConsent | null;
  /** [since, until): ISO instants, until exclusive. */
  range: [string, string] | null;
}

export const EMPTY_CASE_FILTERS: CaseFilters = { query: '', tag: null, groupId: null, consent: null, range: null };

/** The contract's list request for these filters; unset ones are left out. */
export function toListRequest(f: CaseFilters, cursor: string | null = null, limit = 100): Req<'cases.list'> {
  const out: Req<'cases.list'> = { cursor, limit };
  const q = f.query.trim().slice(0, 200);
  if (q) out.query = q;
  if (f.tag) {
    out.tag = f.tag.tag;
    out.tagKind = f.tag.kind;
  }
  if (f.groupId !== null) out.groupId = f.groupId;
  if (f.consent) out.consent = f.consent;
  if (f.range) {
    out.since = f.range[0];
    out.until = f.range[1];
  }
  return out;
}

/** True when an empty list may be the filters' doing rather than an empty archive. */
export function hasCaseFilters(f: CaseFilters): boolean {
  return f.query.trim() !== '' || f.tag !== null || f.groupId !== null || f.consent !== null || f.range !== null;
}

/** A tag filter as one select value and back (`kind:tag`; the tag itself may hold colons). */
export function tagValue(kind: CaseTagKind, tag: string): string {
  return `${kind}:${tag}`;
}
export function parseTagValue(v: string | null | undefined): { kind: CaseTagKind; tag: string } | null {
  if (!v) return null;
  const at = v.indexOf(':');
  const kind = v.slice(0, at);
  if (at < 1 || (kind !== 'product' && kind !== 'pain' && kind !== 'outcome')) return null;
  const tag = v.slice(at + 1);
  return tag ? { kind, tag } : null;
}

// ---- redactions ----------------------------------------------------------------------------

export interface TextSpan {
  text: string;
  /** The redaction this span shows (its replacement when applied, the original when switched off). */
  redaction: CaseRedactionDto | null;
}

/**
 * The redacted text cut into plain spans and redaction spans, by each redaction's place in the
 * output (outputStart/outputEnd). Offsets are clamped to the text; a redaction that overlaps
 * one already placed, or is empty, is left as plain text rather than drawn twice.
 */
export function redactionSpans(text: string, redactions: readonly CaseRedactionDto[]): TextSpan[] {
  const sorted = [...redactions].sort((a, b) => a.outputStart - b.outputStart || b.outputEnd - a.outputEnd);
  const out: TextSpan[] = [];
  let at = 0;
  for (const r of sorted) {
    const start = Math.max(0, Math.min(text.length, r.outputStart));
    const end = Math.max(0, Math.min(text.length, r.outputEnd));
    if (end <= start || start < at) continue;
    if (start > at) out.push({ text: text.slice(at, start), redaction: null });
    out.push({ text: text.slice(start, end), redaction: r });
    at = end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), redaction: null });
  return out;
}

/** Every redaction of a case, messages and the operator's own texts: how many are on and off. */
export function redactionCounts(c: Pick<CaseDto, 'messages' | 'redactedTitle' | 'redactedSummary'>): { applied: number; off: number } {
  const all = [...c.redactedTitle.redactions, ...c.redactedSummary.redactions, ...c.messages.flatMap((m) => [...m.redactions, ...m.redactedAnnotation.redactions])];
  const applied = all.filter((r) => r.applied).length;
  return { applied, off: all.length - applied };
}

// ---- message order -------------------------------------------------------------------------

/** The ids with the one at `from` moved to `to` (drag and drop); out-of-range moves change nothing. */
export function moveTo(ids: readonly number[], from: number, to: number): number[] {
  const out = [...ids];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length || from === to) return out;
  const [id] = out.splice(from, 1);
  out.splice(to, 0, id!);
  return out;
}

/** The ids with `id` moved up (-1) or down (+1) one place; null when it cannot move. */
export function moveBy(ids: readonly number[], id: number, delta: -1 | 1): number[] | null {
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return null;
  return moveTo(ids, from, to);
}

// ---- tags ----------------------------------------------------------------------------------

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** Free-text tags as typed: trimmed, cut to the contract's length, empty and repeated ones dropped, at most 20. */
export function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const t = raw.trim().slice(0, MAX_TAG_LENGTH);
    if (t && !out.includes(t)) out.push(t);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

export function withTags(tags: CaseTags, kind: CaseTagKind, list: readonly string[]): CaseTags {
  return { ...tags, [kind]: cleanTags(list) };
}

/** Tag suggestions for one kind from cases.tags, most used first. */
export function tagSuggestions(all: readonly { kind: CaseTagKind; tag: string; count: number }[], kind: CaseTagKind): string[] {
  return all
    .filter((t) => t.kind === kind)
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag, 'zh-CN'))
    .map((t) => t.tag);
}

// ---- consent and exports -------------------------------------------------------------------

/** Who an export would show without consent, as one line: `成员A（王芳）、KOL（李雷）`. */
export function missingConsentText(missing: readonly MissingConsentDto[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of missing) {
    const key = `${m.caseId}:${m.memberId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${m.label}（${m.name}）`);
  }
  return parts.join('、');
}

export type ExportGate = { kind: 'ok' } | { kind: 'warn'; who: string } | { kind: 'refuse'; who: string };

/** What an export of a case does about consent: go ahead, warn first, or (by the workspace's setting) refuse. */
export function exportGate(missing: readonly MissingConsentDto[], requireConsent: boolean): ExportGate {
  if (missing.length === 0) return { kind: 'ok' };
  const who = missingConsentText(missing);
  return requireConsent ? { kind: 'refuse', who } : { kind: 'warn', who };
}

/** The consent states in the order the editor offers them. */
export const CONSENT_ORDER: readonly ConsentState[] = ['not-asked', 'asked', 'granted', 'declined'];

/** The archive book's request: the ticked cases (in the list's order) or every case with a tag. */
export function bookRequest(pick: { ids: readonly number[] } | { tag: string }, format: BookFormat, title?: string): Req<'cases.exportBook'> {
  const t = title?.trim().slice(0, 200);
  const base: Req<'cases.exportBook'> = 'ids' in pick ? { ids: [...pick.ids], format } : { tag: pick.tag, format };
  return t ? { ...base, title: t } : base;
}

/** The ticked ids in the order the list shows them (ids no longer listed are dropped). */
export function checkedInOrder(items: readonly { id: number }[], checked: ReadonlySet<number>): number[] {
  return items.filter((c) => checked.has(c.id)).map((c) => c.id);
}

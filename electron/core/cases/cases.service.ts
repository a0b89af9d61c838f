/**
 * Case-study archives (#7): curated discussions with their redactions and consent. The store is
 * migration 0011; every case message is a snapshot of the message it was picked from (see there).
 * The statements are in cases.repo.ts (the case, its tags, search and the archive list) and
 * case-messages.repo.ts (its messages, switched-off findings and participants).
 *
 * What the editor and the exports see is computed here, on every read, by the pure redaction
 * engine (redaction.ts) over the case's texts: the visible messages first, so the first
 * person whose words are shown is 成员A, then the hidden ones (a QQ number labelled in a hidden
 * message is still redacted where it recurs), then the operator's own texts (title, summary,
 * annotations), which may name members too. Switched-off finding ids are stored per case; trimming
 * a message forgets the ones of that message, because its offsets changed and an old id could
 * otherwise switch off a new finding that happens to sit at the same offset.
 */
import type { AttachmentDto } from '../../../shared/domain/message';
import type { ParsedReq } from '../../../shared/api';
import type { CaseConsent, CaseDto, CaseMessageDto, CaseParticipantDto, CaseRedactionDto, CaseSettings, CaseSummaryDto, ConsentState, MissingConsentDto, RedactedTextDto } from '../../../shared/api/cases';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { appError, t } from '../i18n/messages';
import { getMessageRows, messageContext, type MessageRow } from '../inbox';
import { getMeta, setMeta } from '../db/meta.repo';
import type { ServiceDeps } from '../service-deps';
import { redactCase, type CaseMessage, type CaseParticipant, type Redaction } from './redaction';
import { matchesAll, parseQuery, searchBody } from '../text/search-text';
import * as repo from './cases.repo';
import * as content from './case-messages.repo';
import type { CaseMessageRow } from './case-messages.repo';

// ---- reading -------------------------------------------------------------------------------

function mustCase(d: ServiceDeps, id: number): repo.CaseRow {
  const row = repo.getCaseRow(d.db, id);
  if (!row) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.case'), id });
  return row;
}

const effectiveText = (m: CaseMessageRow) => m.text_override ?? m.text;

/**
 * Rebuilds a redacted text with other replacements for some redactions (label overrides): the
 * offsets into the output move, the findings and their ids do not.
 */
function relabel(original: string, redactions: readonly Redaction[], replace: (r: Redaction) => string): { text: string; redactions: CaseRedactionDto[] } {
  let text = '';
  let cursor = 0;
  const out: CaseRedactionDto[] = [];
  for (const r of redactions) {
    const replacement = replace(r);
    text += original.slice(cursor, r.start);
    const outputStart = text.length;
    text += r.applied ? replacement : r.original;
    out.push({ id: r.id, kind: r.kind, original: r.original, replacement, start: r.start, end: r.end, applied: r.applied, outputStart, outputEnd: text.length });
    cursor = r.end;
  }
  return { text: text + original.slice(cursor), redactions: out };
}

const consentOf = (missing: readonly { consent: ConsentState }[]): CaseConsent => (missing.some((m) => m.consent === 'declined') ? 'declined' : missing.length ? 'pending' : 'granted');

/** The case as the editor and the exports see it. */
export function getCase(d: ServiceDeps, id: number): CaseDto {
  const c = mustCase(d, id);
  const msgs = content.caseMessages(d.db, id);
  const parts = content.participants(d.db, id);
  const disabled = new Set(content.disabledFindings(d.db, id));
  const aliases = content.memberAliases(d.db, parts.map((p) => p.member_id));
  const people: CaseParticipant[] = parts.map((p) => ({ key: String(p.member_id), name: p.name, aliases: aliases.get(p.member_id)!.filter((n) => n.trim() && n !== p.name), role: p.role }));
  const senderKey = (m: CaseMessageRow) => (m.sender_id === null ? 'unknown' : String(m.sender_id));
  const ordered = [...msgs.filter((m) => !m.hidden), ...msgs.filter((m) => m.hidden)];
  // The operator's texts ride along under the first speaker's key, so they never take a label.
  const ownKey = ordered[0] ? senderKey(ordered[0]) : (people[0]?.key ?? 'unknown');
  const own: CaseMessage[] = [
    { id: 'title', senderKey: ownKey, text: c.title },
    { id: 'summary', senderKey: ownKey, text: c.summary },
    ...ordered.filter((m) => m.annotation).map((m) => ({ id: `note-${m.message_id}`, senderKey: ownKey, text: m.annotation })),
  ];
  const input: CaseMessage[] = [...ordered.map((m) => ({ id: String(m.message_id), senderKey: senderKey(m), text: effectiveText(m) })), ...own];
  const result = redactCase({ messages: input, participants: people, locale: d.locale, disabled });
  const overrides = new Map(parts.filter((p) => p.label).map((p) => [String(p.member_id), p.label!]));
  const labelOf = (key: string) => overrides.get(key) ?? result.labels[key] ?? '';
  const keyOfLabel = new Map(Object.entries(result.labels).map(([k, v]) => [v, k]));
  const replace = (r: Redaction) => {
    if (r.kind !== 'name') return r.replacement;
    const key = keyOfLabel.get(r.replacement);
    return key === undefined ? r.replacement : labelOf(key);
  };
  const byId = new Map(result.messages.map((m, i) => [m.id, { redacted: m, text: input[i]!.text }]));
  const redacted = (rid: string, fallback: string): RedactedTextDto => {
    const r = byId.get(rid);
    return r ? relabel(r.text, r.redacted.redactions, replace) : { text: fallback, redactions: [] };
  };
  const shown = new Map<number, number>();
  for (const m of msgs) if (!m.hidden && m.sender_id !== null) shown.set(m.sender_id, (shown.get(m.sender_id) ?? 0) + 1);
  const participantDtos: CaseParticipantDto[] = parts.map((p) => ({
    memberId: p.member_id,
    name: p.name,
    role: p.role,
    label: labelOf(String(p.member_id)),
    labelOverride: p.label,
    consent: p.consent,
    consentAt: iso(p.consent_at),
    consentNote: p.consent_note,
    shownMessages: shown.get(p.member_id) ?? 0,
  }));
  const missingConsent: MissingConsentDto[] = participantDtos.filter((p) => p.shownMessages > 0 && p.consent !== 'granted').map((p) => ({ caseId: id, memberId: p.memberId, name: p.name, label: p.label, consent: p.consent }));
  const messages: CaseMessageDto[] = msgs.map((m) => {
    const r = redacted(String(m.message_id), effectiveText(m));
    return {
      messageId: m.message_id,
      position: m.position,
      hidden: m.hidden === 1,
      sourceDeleted: m.source_id === null,
      sender: { memberId: m.sender_id, name: m.sender_name, label: labelOf(senderKey(m)) },
      sentAt: isoRequired(m.sent_at),
      kind: m.kind,
      originalText: m.text,
      trimmedText: m.text_override,
      redactedText: r.text,
      redactions: r.redactions,
      annotation: m.annotation,
      redactedAnnotation: m.annotation ? redacted(`note-${m.message_id}`, m.annotation) : { text: '', redactions: [] },
      attachments: JSON.parse(m.attachments) as AttachmentDto[],
    };
  });
  return {
    ...repo.toCaseSummaryDto(c, repo.tagsOf(d.db, id), msgs.length, parts.length, consentOf(missingConsent)),
    redactedTitle: redacted('title', c.title),
    redactedSummary: redacted('summary', c.summary),
    messages,
    participants: participantDtos,
    missingConsent,
  };
}

// ---- writing -------------------------------------------------------------------------------

/** The picked messages, oldest first; a missing id is an error, system notices are left out. */
function pickMessages(d: ServiceDeps, pick: { messageIds?: number[] | undefined; threadOf?: number | undefined }): MessageRow[] {
  let rows: MessageRow[];
  if (pick.threadOf !== undefined) {
    const ctx = messageContext(d, pick.threadOf, 0);
    rows = getMessageRows(d.db, [...ctx.chain, ctx.message, ...ctx.replies].map((m) => m.id));
  } else {
    const ids = [...new Set(pick.messageIds ?? [])];
    rows = getMessageRows(d.db, ids);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((x) => !found.has(x));
    if (missing !== undefined) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.message'), id: missing });
  }
  return rows.filter((r) => r.kind !== 'system').sort((a, b) => a.sent_at - b.sent_at || a.id - b.id);
}

/** Appends messages not yet in the case, in time order, after its last position; returns how many were added. */
function appendMessages(db: Db, caseId: number, rows: readonly MessageRow[]): number {
  const existing = new Set(content.caseMessageIds(db, caseId));
  const fresh = rows.filter((r) => !existing.has(r.id));
  let pos = (content.lastPosition(db, caseId) ?? -1) + 1;
  const att = content.messageAttachments(db, fresh.map((r) => r.id));
  content.insertCaseMessages(
    db,
    caseId,
    fresh.map((r) => ({ messageId: r.id, position: pos++, senderId: r.sender_id, senderName: r.sender_name ?? '', sentAt: r.sent_at, kind: r.kind, text: r.text, attachments: att.get(r.id) ?? [] })),
  );
  const mentionRows = content.mentionedMembers(db, fresh.map((r) => r.id));
  const people = new Map<number, number>();
  for (const r of fresh) if (r.sender_id !== null && !people.has(r.sender_id)) people.set(r.sender_id, r.group_id);
  for (const m of mentionRows) if (!people.has(m.member_id)) people.set(m.member_id, m.group_id);
  addParticipants(db, caseId, people);
  return fresh.length;
}

/**
 * New participants with their role label from the roster: the group's owner is 群主, a KOL of the
 * group (auto tag or set by hand, minus a manual "off") is KOL, everyone else a member.
 */
function addParticipants(db: Db, caseId: number, people: ReadonlyMap<number, number>): void {
  const s = content.prepareParticipantStatements(db);
  for (const [member, group] of people) {
    const r = s.rosterFacts(member, group);
    if (!r) continue;
    s.insert(caseId, member, r.name, r.role === 'owner' ? 'owner' : r.kol ? 'kol' : 'member');
  }
}

/**
 * After messages change: the derived date range, the participants (those no longer speaking or
 * mentioned go, unless consent was recorded for them), the search row and updated_at.
 */
function settle(d: ServiceDeps, caseId: number): void {
  repo.refreshDates(d.db, caseId, d.now());
  content.dropSilentParticipants(d.db, caseId);
  reindex(d.db, caseId);
}

/** The text the archive search looks at. */
function searchText(sources: repo.SearchSources | undefined): string {
  if (!sources) return '';
  return [sources.title, sources.summary, ...sources.tags, ...sources.parts.flatMap((p) => [p.annotation, p.text])].filter(Boolean).join('\n');
}

function reindex(db: Db, caseId: number): void {
  repo.replaceSearchRow(db, caseId, searchBody(searchText(repo.prepareSearchSources(db)(caseId))));
}

function defaultTitle(d: ServiceDeps, rows: readonly MessageRow[]): string {
  const first = rows[0]!;
  const date = new Date(first.sent_at + 8 * 3_600_000).toISOString().slice(0, 10);
  return t(d.locale, 'case.defaultTitle', { group: first.group_name, date }).slice(0, 200);
}

export function createCase(d: ServiceDeps, req: ParsedReq<'cases.create'>): CaseDto {
  const id = d.db
    .transaction(() => {
      const rows = pickMessages(d, req);
      if (rows.length === 0) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'case.noMessages') });
      const groups = new Set(rows.map((r) => r.group_id));
      const group = groups.size === 1 ? rows[0]! : null;
      const caseId = repo.insertCase(d.db, { title: req.title ?? defaultTitle(d, rows), groupId: group?.group_id ?? null, groupName: group?.group_name ?? '' }, d.now());
      appendMessages(d.db, caseId, rows);
      settle(d, caseId);
      return caseId;
    })
    .immediate();
  return getCase(d, id);
}

export function updateCase(d: ServiceDeps, req: ParsedReq<'cases.update'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      if (req.title !== undefined) repo.setTitle(d.db, req.id, req.title);
      if (req.summary !== undefined) repo.setSummary(d.db, req.id, req.summary);
      if (req.tags !== undefined) repo.replaceTags(d.db, req.id, req.tags);
      if (req.groupId !== undefined) {
        const name = req.groupId === null ? '' : repo.groupName(d.db, req.groupId);
        if (name === undefined) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.group'), id: req.groupId! });
        repo.setGroup(d.db, req.id, req.groupId, name);
      }
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function addMessages(d: ServiceDeps, req: ParsedReq<'cases.addMessages'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      appendMessages(d.db, req.id, pickMessages(d, req));
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

function mustContain(d: ServiceDeps, caseId: number, messageIds: readonly number[]): void {
  const present = new Set(content.caseMessageIds(d.db, caseId));
  const missing = messageIds.find((m) => !present.has(m));
  if (missing !== undefined) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.caseMessage'), id: missing });
}

export function removeMessages(d: ServiceDeps, req: ParsedReq<'cases.removeMessages'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      mustContain(d, req.id, req.messageIds);
      // Their switched-off findings go with them (their texts changed, so their offsets did).
      content.deleteCaseMessages(d.db, req.id, req.messageIds);
      content.setPositions(d.db, req.id, content.orderedMessageIds(d.db, req.id));
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function reorderMessages(d: ServiceDeps, req: ParsedReq<'cases.reorderMessages'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      const present = content.caseMessageIds(d.db, req.id);
      const given = new Set(req.messageIds);
      if (given.size !== req.messageIds.length || given.size !== present.length || present.some((m) => !given.has(m))) {
        throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'case.badOrder') });
      }
      content.setPositions(d.db, req.id, req.messageIds);
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function editMessage(d: ServiceDeps, req: ParsedReq<'cases.editMessage'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      mustContain(d, req.id, [req.messageId]);
      if (req.hidden !== undefined) content.setHidden(d.db, req.id, req.messageId, req.hidden);
      if (req.trimmedText !== undefined) {
        const before = content.shownText(d.db, req.id, req.messageId);
        content.setTrimmedText(d.db, req.id, req.messageId, req.trimmedText);
        const after = content.shownText(d.db, req.id, req.messageId);
        if (after !== before) content.forgetTextFindings(d.db, req.id, req.messageId);
      }
      if (req.annotation !== undefined) {
        content.setAnnotation(d.db, req.id, req.messageId, req.annotation);
        content.forgetNoteFindings(d.db, req.id, req.messageId);
      }
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function setRedaction(d: ServiceDeps, req: ParsedReq<'cases.setRedaction'>): CaseDto {
  d.db
    .transaction(() => {
      const current = getCase(d, req.id);
      const all = [
        ...current.messages.flatMap((m) => [...m.redactions, ...m.redactedAnnotation.redactions]),
        ...current.redactedTitle.redactions,
        ...current.redactedSummary.redactions,
      ];
      // Only ids the case has now: a stale id stored "off" could switch off a later finding.
      if (!all.some((r) => r.id === req.findingId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.redaction'), id: req.findingId });
      if (req.applied) content.enableFinding(d.db, req.id, req.findingId);
      else content.disableFinding(d.db, req.id, req.findingId);
      repo.touchCase(d.db, req.id, d.now());
    })
    .immediate();
  return getCase(d, req.id);
}

function mustParticipant(d: ServiceDeps, caseId: number, memberId: number): void {
  if (!content.hasParticipant(d.db, caseId, memberId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.participant'), id: memberId });
}

export function setParticipant(d: ServiceDeps, req: ParsedReq<'cases.setParticipant'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      mustParticipant(d, req.id, req.memberId);
      if (req.role !== undefined) content.setParticipantRole(d.db, req.id, req.memberId, req.role);
      if (req.label !== undefined) {
        // Two people with one label would read as one person in the document.
        if (req.label !== null) {
          const other = getCase(d, req.id).participants.find((p) => p.memberId !== req.memberId && p.label === req.label);
          if (other) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'case.labelTaken', { label: req.label }) });
        }
        content.setParticipantLabel(d.db, req.id, req.memberId, req.label);
      }
      repo.touchCase(d.db, req.id, d.now());
    })
    .immediate();
  return getCase(d, req.id);
}

export function setConsent(d: ServiceDeps, req: ParsedReq<'cases.setConsent'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      mustParticipant(d, req.id, req.memberId);
      const at = req.at === undefined ? (req.consent === 'not-asked' ? null : d.now()) : req.at === null ? null : Date.parse(req.at);
      content.setParticipantConsent(d.db, req.id, req.memberId, req.consent, at, req.note ?? null);
      repo.touchCase(d.db, req.id, d.now());
    })
    .immediate();
  return getCase(d, req.id);
}

export function duplicateCase(d: ServiceDeps, req: ParsedReq<'cases.duplicate'>): CaseDto {
  const id = d.db
    .transaction(() => {
      const c = mustCase(d, req.id);
      const title = req.title ?? t(d.locale, 'case.copyTitle', { title: c.title }).slice(0, 200);
      const copy = repo.copyCase(d.db, c, title, d.now());
      reindex(d.db, copy);
      return copy;
    })
    .immediate();
  return getCase(d, id);
}

export function deleteCase(d: ServiceDeps, id: number): void {
  d.db
    .transaction(() => {
      mustCase(d, id);
      repo.deleteCase(d.db, id);
    })
    .immediate();
}

// ---- the archive ---------------------------------------------------------------------------

export function listCases(d: ServiceDeps, req: ParsedReq<'cases.list'>): { items: CaseSummaryDto[]; next: string | null } {
  const filter: repo.CaseListFilter = {
    limit: req.limit,
    tag: req.tag,
    tagKind: req.tagKind,
    groupId: req.groupId,
    consent: req.consent,
    since: req.since === undefined ? undefined : Date.parse(req.since),
    until: req.until === undefined ? undefined : Date.parse(req.until),
  };
  const query = req.query?.trim() ? parseQuery(req.query) : null;
  if (query) {
    if (!query.match) return { items: [], next: null };
    // The inbox's search: the chunk index finds candidates, each is confirmed on its text.
    const sources = repo.prepareSearchSources(d.db);
    filter.ids = repo.searchCandidates(d.db, query.match).filter((id) => matchesAll(searchText(sources(id)), query.terms));
  }
  if (req.cursor) {
    const m = /^c(-?\d{1,16})\.(\d{1,12})$/.exec(req.cursor);
    if (!m) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'inbox.badCursor') });
    filter.before = { at: Number(m[1]), id: Number(m[2]) };
  }
  const rows = repo.listCases(d.db, filter);
  const tags = repo.tagsOfCases(d.db, rows.map((r) => r.id));
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => repo.toCaseSummaryDto(r, tags.get(r.id)!, r.message_count, r.participant_count, r.consent)),
    next: rows.length === req.limit && last ? `c${last.created_at}.${last.id}` : null,
  };
}

export function caseTags(db: Db): { tags: { kind: 'product' | 'pain' | 'outcome'; tag: string; count: number }[] } {
  return { tags: repo.tagCounts(db) };
}

// ---- settings ------------------------------------------------------------------------------

export function getCaseSettings(db: Db): CaseSettings {
  return { requireConsent: getMeta(db, 'cases.requireConsent') === '1' };
}

export function setCaseSettings(db: Db, s: CaseSettings): CaseSettings {
  setMeta(db, 'cases.requireConsent', s.requireConsent ? '1' : '0');
  return getCaseSettings(db);
}

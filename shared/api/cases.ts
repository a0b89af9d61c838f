import { z } from 'zod';
import { AttachmentDto } from '../domain/message';
import { method } from './define';

const Id = z.number().int().positive();
const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });

/** Tags are free text in three kinds: the product discussed, the pain point, the outcome. */
export const CASE_TAG_KINDS = ['product', 'pain', 'outcome'] as const;
export const CaseTagKind = z.enum(CASE_TAG_KINDS);
export type CaseTagKind = z.infer<typeof CaseTagKind>;
const Tag = z.string().trim().min(1).max(40);
export const CaseTags = z.object({
  product: z.array(Tag).max(20).default([]),
  pain: z.array(Tag).max(20).default([]),
  outcome: z.array(Tag).max(20).default([]),
});
export type CaseTags = z.output<typeof CaseTags>;

export const CONSENT_STATES = ['not-asked', 'asked', 'granted', 'declined'] as const;
export const ConsentState = z.enum(CONSENT_STATES);
export type ConsentState = z.infer<typeof ConsentState>;

/**
 * A case's consent at a glance, over the participants whose words are shown (a visible message):
 * `granted` every one of them granted; `declined` at least one declined; `pending` the rest
 * (someone not asked or asked without an answer). A case that shows nobody's words is `granted`.
 */
export const CASE_CONSENT = ['granted', 'pending', 'declined'] as const;
export const CaseConsent = z.enum(CASE_CONSENT);
export type CaseConsent = z.infer<typeof CaseConsent>;

export const ParticipantRole = z.enum(['owner', 'kol', 'member']);

export const FINDING_KINDS = ['phone', 'email', 'qq', 'wechat', 'id-card', 'bank-card', 'url-token', 'name'] as const;

/** One redaction (services/redaction.ts): offsets into the message's text (trimmed, if trimmed) and into the redacted text. */
export const CaseRedactionDto = z.object({
  /** `messageId:start:kind`, or `title:…`, `summary:…`, `note-<messageId>:…` for the operator's own texts. */
  id: z.string(),
  kind: z.enum(FINDING_KINDS),
  original: z.string(),
  replacement: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  /** False when switched off with cases.setRedaction: the original stays in the output. */
  applied: z.boolean(),
  outputStart: z.number().int(),
  outputEnd: z.number().int(),
});
export type CaseRedactionDto = z.infer<typeof CaseRedactionDto>;

/** A text the operator wrote (title, summary, annotation), redacted like the messages. */
export const RedactedTextDto = z.object({ text: z.string(), redactions: z.array(CaseRedactionDto) });
export type RedactedTextDto = z.infer<typeof RedactedTextDto>;

export const CaseMessageDto = z.object({
  messageId: z.number().int(),
  position: z.number().int(),
  hidden: z.boolean(),
  /** The message was deleted from the workspace since; the case keeps its snapshot. */
  sourceDeleted: z.boolean(),
  sender: z.object({ memberId: z.number().int().nullable(), name: z.string(), label: z.string() }),
  sentAt: z.string(),
  kind: z.string(),
  /** Untrusted, as the group wrote it. */
  originalText: z.string(),
  /** The trimmed text, or null when not trimmed. */
  trimmedText: z.string().nullable(),
  /** The trimmed (or original) text with the case's redactions applied: what exports show. */
  redactedText: z.string(),
  redactions: z.array(CaseRedactionDto),
  annotation: z.string(),
  redactedAnnotation: RedactedTextDto,
  attachments: z.array(AttachmentDto),
});
export type CaseMessageDto = z.infer<typeof CaseMessageDto>;

export const CaseParticipantDto = z.object({
  memberId: z.number().int(),
  name: z.string(),
  role: ParticipantRole,
  /** The label exports show instead of the name: the override, or the role label (成员A, KOL, 群主). */
  label: z.string(),
  labelOverride: z.string().nullable(),
  consent: ConsentState,
  consentAt: z.string().nullable(),
  consentNote: z.string(),
  /** Visible messages of theirs in the case: their words are shown, so consent matters. */
  shownMessages: z.number().int(),
});
export type CaseParticipantDto = z.infer<typeof CaseParticipantDto>;

export const CaseSummaryDto = z.object({
  id: z.number().int(),
  title: z.string(),
  summary: z.string(),
  tags: CaseTags,
  groupId: z.number().int().nullable(),
  groupName: z.string(),
  /** The discussion's first and last message (all of the case's messages). */
  firstAt: z.string().nullable(),
  lastAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  messageCount: z.number().int(),
  participantCount: z.number().int(),
  consent: CaseConsent,
});
export type CaseSummaryDto = z.infer<typeof CaseSummaryDto>;

/** Participants whose words a document shows without their consent (granted). */
export const MissingConsentDto = z.object({ caseId: z.number().int(), memberId: z.number().int(), name: z.string(), label: z.string(), consent: ConsentState });
export type MissingConsentDto = z.infer<typeof MissingConsentDto>;

export const CaseDto = CaseSummaryDto.extend({
  redactedTitle: RedactedTextDto,
  redactedSummary: RedactedTextDto,
  messages: z.array(CaseMessageDto),
  participants: z.array(CaseParticipantDto),
  missingConsent: z.array(MissingConsentDto),
});
export type CaseDto = z.infer<typeof CaseDto>;

export const CaseSettings = z.object({
  /** Refuse exports that show someone's words without their consent (default: export with a warning). */
  requireConsent: z.boolean(),
});
export type CaseSettings = z.infer<typeof CaseSettings>;

/**
 * Messages to pick: explicit ids (from the inbox, search results, a timeline), or a reply thread:
 * the message, its reply chain (what it answers, up to the start) and its direct replies.
 */
const PICK = { messageIds: z.array(Id).min(1).max(500).optional(), threadOf: Id.optional() };
const onePick = (p: { messageIds?: number[] | undefined; threadOf?: number | undefined }) => (p.messageIds !== undefined) !== (p.threadOf !== undefined);
const PICK_MESSAGE = { message: 'give messageIds or threadOf' };

export const CASE_EXPORT_FORMATS = ['md', 'html', 'zip', 'pdf', 'png'] as const;
export const CaseExportFormat = z.enum(CASE_EXPORT_FORMATS);
export type CaseExportFormat = z.infer<typeof CaseExportFormat>;
export const BOOK_FORMATS = ['md', 'html', 'zip', 'pdf', 'png'] as const;

export const CaseExportResult = z.object({
  /** For /api/download?id=… (see electron/core/downloads.ts). */
  fileId: z.string(),
  name: z.string(),
  bytes: z.number().int(),
  /** Shown words without consent; exported anyway (a warning) unless cases.requireConsent refuses. */
  missingConsent: z.array(MissingConsentDto),
  /** Attachment references that are not available as image files (named in the document too). */
  missingImages: z.array(z.string()),
});
export type CaseExportResult = z.infer<typeof CaseExportResult>;

const Text = (max: number) => z.string().max(max);

export const casesApi = {
  /**
   * A new case from picked messages (system notices are left out). The source group is the
   * messages' group when they share one; the title defaults to the group's name and date.
   */
  'cases.create': method(z.object({ ...PICK, title: z.string().trim().min(1).max(200).optional() }).refine(onePick, PICK_MESSAGE), CaseDto),
  'cases.get': method(z.object({ id: Id }), CaseDto),
  'cases.update': method(
    z.object({
      id: Id,
      title: z.string().trim().min(1).max(200).optional(),
      summary: Text(5000).optional(),
      tags: CaseTags.optional(),
      /** The source group; null: none (a case from several groups). */
      groupId: Id.nullable().optional(),
    }),
    CaseDto,
  ),
  'cases.addMessages': method(z.object({ ...PICK, id: Id }).refine(onePick, PICK_MESSAGE), CaseDto),
  'cases.removeMessages': method(z.object({ id: Id, messageIds: z.array(Id).min(1).max(500) }), CaseDto),
  /** The full new order: every message of the case exactly once. */
  'cases.reorderMessages': method(z.object({ id: Id, messageIds: z.array(Id).min(1).max(2000) }), CaseDto),
  /** Hide, trim (`trimmedText: null` restores the original) or annotate one message. */
  'cases.editMessage': method(
    z.object({ id: Id, messageId: Id, hidden: z.boolean().optional(), trimmedText: z.string().trim().min(1).max(10_000).nullable().optional(), annotation: Text(2000).optional() }),
    CaseDto,
  ),
  /** Switch one redaction off (`applied: false`, the original is kept) or back on. */
  'cases.setRedaction': method(z.object({ id: Id, findingId: z.string().min(1).max(100), applied: z.boolean() }), CaseDto),
  /** A participant's role label: the role (成员/KOL/群主) or a label of the operator's own (null: the role's). */
  'cases.setParticipant': method(z.object({ id: Id, memberId: Id, role: ParticipantRole.optional(), label: z.string().trim().min(1).max(20).nullable().optional() }), CaseDto),
  /** Consent with its date (default: now) and a note (how it was asked, what was agreed). */
  'cases.setConsent': method(z.object({ id: Id, memberId: Id, consent: ConsentState, at: IsoDate.nullable().optional(), note: Text(500).optional() }), CaseDto),
  /**
   * The archive, newest first (by creation). Filters combine: a tag (of any kind, or of `tagKind`),
   * the source group, the consent state, a date range (cases whose discussion overlaps it), and a
   * text query with the inbox's Chinese search over titles, summaries, tags, annotations and texts.
   */
  'cases.list': method(
    z.object({
      query: z.string().max(200).optional(),
      tag: Tag.optional(),
      tagKind: CaseTagKind.optional(),
      groupId: Id.optional(),
      consent: CaseConsent.optional(),
      since: IsoDate.optional(),
      until: IsoDate.optional(),
      cursor: z.string().max(60).nullable().default(null),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    z.object({ items: z.array(CaseSummaryDto), next: z.string().nullable() }),
  ),
  /** Tags in use, per kind, with how many cases carry each (for filters and suggestions). */
  'cases.tags': method(z.object({}).default({}), z.object({ tags: z.array(z.object({ kind: CaseTagKind, tag: z.string(), count: z.number().int() })) })),
  'cases.duplicate': method(z.object({ id: Id, title: z.string().trim().min(1).max(200).optional() }), CaseDto),
  'cases.delete': method(z.object({ id: Id }), z.object({ ok: z.literal(true) })),
  'cases.settings': method(z.object({}).default({}), CaseSettings),
  'cases.setSettings': method(CaseSettings, CaseSettings),
  /**
   * A document of one case, redactions applied: `md` (the Markdown; a ZIP of case.md + images/
   * when images are available), `html` (one file, images embedded, no script), `zip` (the
   * Markdown folder and the HTML), `pdf` and `png` (a long image) rendered from the HTML by
   * headless Chromium.
   */
  'cases.export': method(z.object({ id: Id, format: CaseExportFormat }), CaseExportResult),
  /** An archive book: a cover, a table of contents and one part per case (by ids, or every case with a tag). */
  'cases.exportBook': method(
    z
      .object({ ids: z.array(Id).min(1).max(500).optional(), tag: Tag.optional(), title: z.string().trim().min(1).max(200).optional(), format: z.enum(BOOK_FORMATS) })
      .refine((r) => (r.ids !== undefined) !== (r.tag !== undefined), { message: 'give ids or tag' }),
    CaseExportResult,
  ),
};

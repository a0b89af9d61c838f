/**
 * Cases (案例): curated discussions — message snapshots that outlive their source, trimmed,
 * annotated and redacted, participants with labels and consent — exported as Markdown, HTML,
 * PDF, long PNG or ZIP, singly or as an archive book.
 *
 * Owns the tables `cases`, `case_messages`, `case_participants`, `case_redactions`, `case_tags`
 * and the FTS5 index `case_search`. No events or jobs. Other areas use only what this file exports.
 */
export { casesHandlers } from './cases.handlers';
export { addMessages, createCase, setConsent, updateCase } from './cases.service';
export { exportBook, exportCase, writeMarkdownFolder, type ExportedFile, type ExportFormat } from './case-export-io';

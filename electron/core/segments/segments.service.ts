/**
 * Segments: saved filters over members or groups. The rules of saving and deleting live here
 * (a name is unique per target, an id must name a stored segment); compiling a definition to SQL
 * and the statements are in segments.repo.ts.
 */
import type { ParsedReq } from '../../../shared/api';
import type { SegmentDefinition, SegmentDto } from '../../../shared/domain/segment';
import { appError, t } from '../i18n/messages';
import type { ServiceDeps } from '../service-deps';
import * as repo from './segments.repo';

export function listSegments(d: ServiceDeps, target?: 'members' | 'groups'): SegmentDto[] {
  return repo.listSegments(d.db, target);
}

/** Creates, or replaces the one with `req.id`; CONFLICT when the target already has a segment of that name. */
export function saveSegment(d: ServiceDeps, req: ParsedReq<'segments.save'>): SegmentDto {
  const clash = repo.listSegments(d.db, req.definition.target).find((s) => s.name === req.name && s.id !== req.id);
  if (clash) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'roster.segmentExists', { name: req.name }) });
  if (req.id !== undefined && !repo.getSegment(d.db, req.id)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.segment'), id: req.id });
  return repo.saveSegment(d.db, req, d.now());
}

export function deleteSegment(d: ServiceDeps, id: number): void {
  if (!repo.deleteSegment(d.db, id)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.segment'), id });
}

/** A live count while a segment is being built (nothing stored). */
export function countSegment(d: ServiceDeps, def: SegmentDefinition): number {
  return repo.countSegment(d.db, def);
}

import type { GroupDto, GroupInputParsed } from '../../../shared/domain/group';
import { AppError } from '../../../shared/errors';
import { appError, t } from '../i18n/messages';
import type { ServiceDeps } from '../service-deps';
import * as repo from './groups.repo';
import { getSegment, groupPredicate } from '../segments';

function mustGet(d: ServiceDeps, id: number): repo.GroupRow {
  const row = repo.getGroup(d.db, id);
  if (!row) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.group'), id });
  return row;
}

function checkExternalId(d: ServiceDeps, input: GroupInputParsed, selfId?: number): void {
  if (!input.externalId) return;
  const other = repo.findGroupByExternalId(d.db, input.platform, input.externalId);
  if (other && other.id !== selfId) {
    const message = t(d.locale, 'conflict.groupExternalId', { externalId: input.externalId });
    throw new AppError('CONFLICT', message, [{ path: 'input.externalId', message }]);
  }
}

export function getGroup(d: ServiceDeps, id: number): GroupDto {
  return repo.toGroupDto(mustGet(d, id));
}

/** The list, narrowed by a saved group segment when one is named (a member segment is refused). */
export function listGroups(d: ServiceDeps, f: Omit<repo.GroupFilter, 'where'> & { segmentId?: number | undefined }): GroupDto[] {
  const { segmentId, ...filter } = f;
  let where: repo.GroupFilter['where'];
  if (segmentId !== undefined) {
    const s = getSegment(d.db, segmentId);
    if (!s || s.definition.target !== 'groups') throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.segment'), id: segmentId });
    where = groupPredicate(s.definition.condition);
  }
  return repo.listGroups(d.db, { ...filter, where }).map(repo.toGroupDto);
}

export function createGroup(d: ServiceDeps, input: GroupInputParsed): GroupDto {
  return d.db.transaction(() => {
    checkExternalId(d, input);
    const id = repo.insertGroup(d.db, input, d.now());
    return getGroup(d, id);
  }).immediate();
}

export function updateGroup(d: ServiceDeps, id: number, input: GroupInputParsed): GroupDto {
  return d.db.transaction(() => {
    mustGet(d, id);
    checkExternalId(d, input, id);
    repo.updateGroup(d.db, id, input, d.now());
    return getGroup(d, id);
  }).immediate();
}

export function setArchived(d: ServiceDeps, id: number, archived: boolean): GroupDto {
  return d.db.transaction(() => {
    const row = mustGet(d, id);
    const already = row.archived_at !== null;
    if (already !== archived) repo.setArchived(d.db, id, archived ? d.now() : null, d.now());
    return getGroup(d, id);
  }).immediate();
}

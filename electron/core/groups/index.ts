/**
 * Groups: the groups themselves (name, platform, positioning, audience, type, city, owner, rules,
 * welcome text, custom fields, lifecycle stage, archive) and their computed value class.
 *
 * Owns the table `groups` (its message/member counters are kept by inbox ingest) and the event
 * `groups.changed`. The value classes are computed inside the roster job (see roster/), from the
 * engine here. Other areas use only what this file exports.
 */
export { groupsHandlers } from './groups.handlers';
export { findGroupByExternalId, insertGroup, parseCustomFields, recountGroupCounters, stageImportedGroups } from './groups.repo';
export { computeGroupClasses, countClasses, storeGroupClasses } from './group-class.service';

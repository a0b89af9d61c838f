/**
 * Segments: saved filters over members or groups, turned into SQL predicates that the roster,
 * the groups list, the inbox and broadcasts apply (a segment is re-read each time it is used).
 *
 * Owns the table `segments`. No events or jobs. Other areas use only what this file exports.
 */
export { segmentsHandlers } from './segments.handlers';
export { getSegment, groupIdsOf, groupPredicate, memberPredicate, type Predicate } from './segments.repo';

/**
 * The loaded part of the roster: one run of rows starting at row `base` of the sorted, filtered
 * list. The table is as tall as the whole list; rows outside the run show as placeholders until
 * their page arrives. Pure, so paging, jumping and dropping are unit-tested without a transport.
 *
 * Pages are PAGE rows and start at multiples of PAGE, so the run's edges are page edges. Each
 * page loaded leaves the cursor that loads it again in `starts`: scrolling back up over dropped
 * pages pages by keyset from there, and only a jump to rows never passed asks the core to seek
 * (`roster.list` with `at`).
 */
import type { MemberRowDto } from '../../../shared/domain/roster';

export const PAGE = 200;
/** Most rows kept loaded; pages beyond it are dropped on the side away from the reader. */
export const MAX_ROWS = 3000;
/** Rows of look-ahead: the next page is asked for before the reader reaches the edge. */
const AHEAD = 60;

export interface RosterWindow {
  /** The row of the list that items[0] is; a multiple of PAGE. */
  base: number;
  items: MemberRowDto[];
  /** The cursor of the rows after the run; null when the run ends the list. */
  next: string | null;
  /** Page start row → the cursor that loads that page (null for the list's head). */
  starts: ReadonlyMap<number, string | null>;
}

export const EMPTY_WINDOW: RosterWindow = { base: 0, items: [], next: null, starts: new Map() };

export interface Page {
  items: MemberRowDto[];
  next: string | null;
  start: string | null;
}

/** What to load: the page at row `at`, from `cursor` when one is known, else by seeking to `at`. */
export interface PageRequest {
  at: number;
  cursor: string | null | undefined;
}

export const endOf = (w: RosterWindow): number => w.base + w.items.length;

export function rowAt(w: RosterWindow, index: number): MemberRowDto | undefined {
  return index >= w.base ? w.items[index - w.base] : undefined;
}

/** The table's height in rows: the core's count, or what is known to exist so far. */
export function rowCount(w: RosterWindow, count: number | null): number {
  const end = endOf(w);
  if (w.items.length > 0 && w.next === null) return end;
  return Math.max(count ?? 0, end + (w.next ? PAGE : 0));
}

const pageStart = (row: number) => Math.floor(row / PAGE) * PAGE;

/**
 * The page to load next for rows [first, last] on screen (null when they are loaded or there is
 * nothing more): the page after the run, the page before it, or, for rows far from the run, the
 * page under `first`.
 */
export function wantPage(w: RosterWindow, first: number, last: number): PageRequest | null {
  if (last < first) return null;
  const end = endOf(w);
  if (w.items.length === 0) {
    const at = pageStart(first);
    return { at, cursor: at === 0 ? null : w.starts.get(at) };
  }
  const after = (): PageRequest | null => (w.next ? { at: end, cursor: w.next } : null);
  const before = (): PageRequest => ({ at: w.base - PAGE, cursor: w.base - PAGE === 0 ? null : w.starts.get(w.base - PAGE) });
  const jump = (): PageRequest => {
    const at = pageStart(first);
    return { at, cursor: at === 0 ? null : w.starts.get(at) };
  };
  if (first >= end) return first < end + PAGE ? after() : w.next ? jump() : null;
  if (last < w.base) return last >= w.base - PAGE ? before() : jump();
  if (first < w.base) return before();
  if (last >= end) return after();
  if (last + AHEAD >= end && w.next) return after();
  if (first - AHEAD < w.base && w.base > 0) return before();
  return null;
}

/**
 * A page loaded for `req` joins the run when it touches it, or replaces the run when it lands
 * elsewhere (a jump). Rows are kept as the core returned them, so every row keeps its position;
 * a page before the run that came back short (members changed under the reader) cannot join it
 * without shifting rows, so it starts a fresh run instead.
 */
export function addPage(w: RosterWindow, req: PageRequest, page: Page): RosterWindow {
  const starts = new Map(w.starts);
  starts.set(req.at, page.start);
  if (w.items.length > 0 && req.at === endOf(w) && w.next !== null) return { base: w.base, items: [...w.items, ...page.items], next: page.next, starts };
  if (w.items.length > 0 && req.at + PAGE === w.base && page.items.length === PAGE) return { base: req.at, items: [...page.items, ...w.items], next: w.next, starts };
  return { base: req.at, items: page.items, next: page.next, starts };
}

/** Whether the page for `req` still has a place in the run (it may have moved on meanwhile). */
export function stillWanted(w: RosterWindow, req: PageRequest): boolean {
  const end = endOf(w);
  return !(req.at >= w.base && req.at < end);
}

/**
 * Drops whole pages until at most `max` rows are loaded, from the side farther from the rows on
 * screen. A page is dropped from the bottom only when the cursor to load it again is known.
 */
export function trimWindow(w: RosterWindow, first: number, last: number, max = MAX_ROWS): RosterWindow {
  let { base, items, next } = w;
  while (items.length > max) {
    const end = base + items.length;
    const above = first - base;
    const below = end - last;
    if (above >= below && above >= PAGE) {
      items = items.slice(PAGE);
      base += PAGE;
      continue;
    }
    const lastPage = items.length % PAGE || PAGE;
    const cut = end - lastPage;
    const again = w.starts.get(cut);
    if (below > lastPage && typeof again === 'string') {
      items = items.slice(0, items.length - lastPage);
      next = again;
      continue;
    }
    break;
  }
  return items === w.items ? w : { base, items, next, starts: w.starts };
}

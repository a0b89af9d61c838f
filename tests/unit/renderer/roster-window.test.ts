/**
 * The roster's loaded run of rows, driven the way the table drives it, against a list served
 * with the contract's paging rules (cursor = the row before the page; `at` seeks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemberRowDto } from '../../../shared/domain/roster';
import { addPage, EMPTY_WINDOW, endOf, MAX_ROWS, PAGE, rowAt, rowCount, stillWanted, trimWindow, wantPage, type Page, type PageRequest, type RosterWindow } from '../../../renderer/store/roster/window';

const row = (id: number) => ({ id }) as MemberRowDto;

/** A sorted list of n members served by keyset cursors and `at` seeks, counting the seeks. */
function served(n: number) {
  const list = Array.from({ length: n }, (_, i) => row(1000 + i));
  const stats = { pages: 0, seeks: 0 };
  const load = (req: PageRequest): Page => {
    stats.pages++;
    let from: number;
    let start: string | null;
    if (req.cursor !== undefined && req.cursor !== null) {
      from = Number(req.cursor) + 1;
      start = req.cursor;
    } else if (req.cursor === null || req.at === 0) {
      from = 0;
      start = null;
    } else {
      stats.seeks++;
      from = req.at;
      start = from > 0 && from <= n ? String(from - 1) : null;
    }
    const items = list.slice(from, from + PAGE);
    const more = from + PAGE < n;
    return { items, next: more ? String(from + PAGE - 1) : null, start };
  };
  return { list, stats, load };
}

/** What the store does for rows on screen: load pages until none is wanted, dropping far ones. */
function settle(w: RosterWindow, first: number, last: number, load: (r: PageRequest) => Page): RosterWindow {
  for (let i = 0; i < 100; i++) {
    const req = wantPage(w, first, last);
    if (!req) return trimWindow(w, first, last);
    const page = load(req);
    if (page.items.length === 0) return w;
    if (stillWanted(w, req)) w = trimWindow(addPage(w, req, page), first, last);
  }
  throw new Error('never settled');
}

const loadedRight = (w: RosterWindow, list: MemberRowDto[]) => w.items.every((m, i) => m.id === list[w.base + i]!.id);

describe('the roster window', () => {
  it('starts at the head and pages on by keyset as the reader scrolls down, never seeking', () => {
    const { list, stats, load } = served(5_000);
    let w = settle(EMPTY_WINDOW, 0, 20, load);
    expect(w.base).toBe(0);
    expect(w.items).toHaveLength(PAGE);
    expect(rowCount(w, null)).toBe(2 * PAGE);
    for (let top = 0; top < 4_900; top += 37) w = settle(w, top, top + 20, load);
    expect(stats.seeks).toBe(0);
    expect(loadedRight(w, list)).toBe(true);
    expect(w.items.length).toBeLessThanOrEqual(MAX_ROWS);
    expect(endOf(w)).toBe(5_000);
    expect(w.next).toBeNull();
    expect(rowCount(w, 4_000)).toBe(5_000);
  });

  it('scrolling back up over dropped pages reloads them from their stored cursors, not by seeking', () => {
    const { list, stats, load } = served(8_000);
    let w = EMPTY_WINDOW;
    for (let top = 0; top < 7_000; top += 50) w = settle(w, top, top + 20, load);
    expect(w.base).toBeGreaterThan(0);
    for (let top = 7_000; top >= 0; top -= 50) w = settle(w, top, top + 20, load);
    expect(stats.seeks).toBe(0);
    expect(w.base).toBe(0);
    expect(loadedRight(w, list)).toBe(true);
    // Pages dropped below on the way up carry on from their own cursors on the way down again.
    expect(endOf(w)).toBeLessThanOrEqual(MAX_ROWS);
    for (let top = 0; top < 7_900; top += 50) w = settle(w, top, top + 20, load);
    expect(stats.seeks).toBe(0);
    expect(loadedRight(w, list)).toBe(true);
  });

  it('a jump to rows never passed seeks to their page, then pages by keyset around it', () => {
    const { list, stats, load } = served(500_000);
    let w = settle(EMPTY_WINDOW, 0, 20, load);
    w = settle(w, 412_345, 412_365, load);
    expect(stats.seeks).toBe(1);
    expect(w.base).toBe(412_200);
    expect(rowAt(w, 412_345)!.id).toBe(list[412_345]!.id);
    // Up a little: the page before is reached by a seek only once, then its cursor is known.
    w = settle(w, 412_150, 412_170, load);
    expect(loadedRight(w, list)).toBe(true);
    expect(rowAt(w, 412_150)!.id).toBe(list[412_150]!.id);
    // Rows not loaded read as undefined: the table draws placeholders for them.
    expect(rowAt(w, 10)).toBeUndefined();
  });

  it('a page that arrives after the reader moved on does not join twice', () => {
    const { load } = served(2_000);
    const w = settle(EMPTY_WINDOW, 0, 20, load);
    const req = wantPage(w, 150, 190)!;
    const page = load(req);
    const joined = addPage(w, req, page);
    expect(stillWanted(joined, req)).toBe(false);
  });

  it('any path of scrolls and jumps keeps every loaded row at its place, within the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.array(fc.oneof(fc.integer({ min: -400, max: 400 }), fc.integer({ min: -4000, max: 4000 }), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 40 }), (n, moves) => {
        const { list, load } = served(n);
        let top = 0;
        let w = settle(EMPTY_WINDOW, 0, Math.min(n - 1, 20), load);
        for (const m of moves) {
          top = Number.isInteger(m) ? top + (m as number) : Math.floor((m as number) * n);
          top = Math.max(0, Math.min(n - 1, top));
          const last = Math.min(n - 1, top + 20);
          w = settle(w, top, last, load);
          if (!loadedRight(w, list)) return false;
          for (let i = top; i <= last; i++) if (rowAt(w, i)?.id !== list[i]!.id) return false;
          if (w.items.length > MAX_ROWS + PAGE) return false;
          if (w.base % PAGE !== 0) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});

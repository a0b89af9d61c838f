/**
 * The loaded part of a newest-first message list: a few keyset pages ("chunks") in a row, with
 * the cursors needed to extend it at either edge. Pure, so merging, dropping and prepending are
 * unit-tested without a transport.
 *
 * Cursors are opaque and only name page edges, so each chunk keeps the cursors of its own edges:
 *  - `newer`: page 'newer' from here to get what is above the chunk's newest item. Null only for
 *    a chunk loaded 'newer' that reached the top; then `from` (the cursor it was loaded from)
 *    loads it again, with whatever arrived since.
 *  - `older`: page 'older' from here to get what is below the chunk's oldest item. Null only
 *    when the chunk reached the oldest message.
 * Only the top chunk can lack `newer` and only the bottom chunk can lack `older`; dropping
 * chunks never exposes an edge without a cursor.
 */
import type { MessageDto } from '../../../shared/domain/message';
import type { MessagePage } from '../../../shared/api/inbox';

export interface Chunk {
  /** Newest first. */
  items: MessageDto[];
  newer: string | null;
  older: string | null;
  /** The cursor a 'newer' chunk was loaded from; null for chunks loaded 'older'. */
  from: string | null;
}

export interface ListWindow {
  chunks: Chunk[];
  /** The top item was the newest of the scope when it was loaded. */
  topReached: boolean;
  /** The bottom item is the oldest of the scope. */
  endReached: boolean;
}

export const EMPTY_WINDOW: ListWindow = { chunks: [], topReached: true, endReached: true };

/** Most items kept loaded; pages beyond it are dropped on the side away from the reader. */
export const MAX_WINDOW = 3000;

export function windowItems(w: ListWindow): MessageDto[] {
  return w.chunks.length === 1 ? w.chunks[0]!.items : w.chunks.flatMap((c) => c.items);
}

export function windowSize(w: ListWindow): number {
  let n = 0;
  for (const c of w.chunks) n += c.items.length;
  return n;
}

function idsOf(w: ListWindow): Set<number> {
  const ids = new Set<number>();
  for (const c of w.chunks) for (const m of c.items) ids.add(m.id);
  return ids;
}

/** The first page of a list (cursor null, direction 'older'). */
export function fromHead(page: MessagePage): ListWindow {
  if (page.items.length === 0) return EMPTY_WINDOW;
  return { chunks: [{ items: page.items, newer: page.first, older: page.next, from: null }], topReached: true, endReached: page.next === null };
}

/** What to ask for to extend the window downwards; null when the oldest message is loaded. */
export function olderCursor(w: ListWindow): string | null {
  if (w.endReached) return null;
  return w.chunks[w.chunks.length - 1]?.older ?? null;
}

/**
 * What to ask for to extend the window upwards: the top chunk's `newer` cursor, or, when the
 * top chunk reached the top on its own, its `from` cursor to load it again (`replaceTop`).
 * Null when the window is empty (load the head instead).
 */
export function newerRequest(w: ListWindow): { cursor: string; replaceTop: boolean } | null {
  const top = w.chunks[0];
  if (!top) return null;
  if (top.newer) return { cursor: top.newer, replaceTop: false };
  if (top.from) return { cursor: top.from, replaceTop: true };
  return null;
}

/** Appends a page loaded 'older' from the bottom; items already loaded are not repeated. */
export function appendOlder(w: ListWindow, page: MessagePage): ListWindow {
  const seen = idsOf(w);
  const items = page.items.filter((m) => !seen.has(m.id));
  const endReached = page.next === null;
  if (items.length === 0) {
    // Nothing new: still move the bottom edge on, so the next request does not repeat this one.
    const last = w.chunks[w.chunks.length - 1];
    if (!last) return { ...w, endReached };
    return { ...w, chunks: [...w.chunks.slice(0, -1), { ...last, older: page.next ?? last.older }], endReached };
  }
  return { ...w, chunks: [...w.chunks, { items, newer: page.first, older: page.next, from: null }], endReached };
}

/**
 * Prepends a page loaded 'newer' (items newest first, as the contract returns them). With
 * `replaceTop` the page was loaded from the top chunk's `from` and takes its place. Returns the
 * window and how many items are new above what was loaded before.
 */
export function prependNewer(w: ListWindow, page: MessagePage, from: string, replaceTop: boolean): { window: ListWindow; added: number } {
  const rest = replaceTop ? w.chunks.slice(1) : w.chunks;
  const before = replaceTop ? new Set((w.chunks[0]?.items ?? []).map((m) => m.id)) : new Set<number>();
  const seen = idsOf({ ...w, chunks: rest });
  const items = page.items.filter((m) => !seen.has(m.id));
  const topReached = page.next === null;
  const added = items.filter((m) => !before.has(m.id)).length;
  if (items.length === 0) {
    if (replaceTop && rest.length > 0) return { window: { ...w, chunks: rest, topReached }, added: 0 };
    return { window: { ...w, topReached: topReached || w.topReached }, added: 0 };
  }
  // In a 'newer' page `first` names its oldest item and `next` its newest.
  const chunk: Chunk = { items, newer: page.next, older: page.first, from };
  return { window: { ...w, chunks: [chunk, ...rest], topReached }, added };
}

/**
 * Drops whole chunks until at most `max` items are loaded, from the side away from the reader:
 * `keep: 'bottom'` (the reader went down) drops the top, `keep: 'top'` drops the bottom. The
 * chunk nearest the reader always stays, and so does any chunk whose exposed edge would have
 * no cursor to load the dropped part again.
 */
export function trimWindow(w: ListWindow, keep: 'top' | 'bottom', max = MAX_WINDOW): ListWindow {
  let chunks = w.chunks;
  let size = windowSize(w);
  let { topReached, endReached } = w;
  while (size > max && chunks.length > 1) {
    if (keep === 'bottom') {
      const [dropped, next] = chunks as [Chunk, Chunk, ...Chunk[]];
      if (!next.newer) break;
      size -= dropped.items.length;
      chunks = chunks.slice(1);
      topReached = false;
    } else {
      const dropped = chunks[chunks.length - 1]!;
      const next = chunks[chunks.length - 2]!;
      if (!next.older) break;
      size -= dropped.items.length;
      chunks = chunks.slice(0, -1);
      endReached = false;
    }
  }
  return chunks === w.chunks ? w : { chunks, topReached, endReached };
}

/** Applies a change to the loaded items that match (read state, flags); unchanged chunks are kept as they are. */
export function patchItems(w: ListWindow, match: (m: MessageDto) => boolean, patch: Partial<Pick<MessageDto, 'unread' | 'starred' | 'spam'>>): ListWindow {
  let changed = false;
  const chunks = w.chunks.map((c) => {
    let hit = false;
    const items = c.items.map((m) => {
      if (!match(m)) return m;
      hit = true;
      return { ...m, ...patch };
    });
    if (!hit) return c;
    changed = true;
    return { ...c, items };
  });
  return changed ? { ...w, chunks } : w;
}

/** Takes messages out of the loaded list (flagged as spam while spam is hidden). Chunks keep their cursors. */
export function removeItems(w: ListWindow, ids: ReadonlySet<number>): ListWindow {
  let changed = false;
  const chunks = w.chunks.map((c) => {
    const items = c.items.filter((m) => !ids.has(m.id));
    if (items.length === c.items.length) return c;
    changed = true;
    return { ...c, items };
  });
  return changed ? { ...w, chunks } : w;
}

/**
 * The window opens where the user left it: size, place and maximised state are kept in the
 * settings, and restored only where they still fit a display (a monitor may have been unplugged).
 */
import type { SettingsStore, WindowState } from '../core/settings';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1360, height: 860 };
export const MIN_SIZE = { width: 960, height: 600 };
/** How much of the window (its top strip, where the title bar is) must be on a display to keep its place. */
const VISIBLE = { width: 120, height: 40 };

const overlap = (a: Rect, b: Rect) => ({
  width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
  height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
});

/** The bounds to open with: the saved size (clamped to the largest display), and the saved place if it is still on one. */
export function initialBounds(saved: WindowState | undefined, workAreas: readonly Rect[]): { width: number; height: number; x?: number; y?: number } {
  const maxW = Math.max(MIN_SIZE.width, ...workAreas.map((w) => w.width));
  const maxH = Math.max(MIN_SIZE.height, ...workAreas.map((w) => w.height));
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const width = clamp(saved?.width ?? DEFAULT_SIZE.width, MIN_SIZE.width, maxW);
  const height = clamp(saved?.height ?? DEFAULT_SIZE.height, MIN_SIZE.height, maxH);
  if (saved?.x === undefined || saved.y === undefined) return { width, height };
  const titleStrip: Rect = { x: saved.x, y: saved.y, width, height: VISIBLE.height };
  const onScreen = workAreas.some((area) => {
    const o = overlap(titleStrip, area);
    return o.width >= VISIBLE.width && o.height >= VISIBLE.height;
  });
  return onScreen ? { width, height, x: saved.x, y: saved.y } : { width, height };
}

/** What trackWindow needs of a BrowserWindow. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

/** Saves the window's state when it settles after a move or resize, and at once when it closes. */
export function trackWindow(win: TrackedWindow, settings: SettingsStore, settleMs = 500, timers = { setTimeout, clearTimeout }): void {
  let pending: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    pending = null;
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    const state: WindowState = { width: Math.round(b.width), height: Math.round(b.height), x: Math.round(b.x), y: Math.round(b.y), maximized: win.isMaximized() };
    const before = settings.get().window;
    if (JSON.stringify(before) !== JSON.stringify(state)) settings.update({ window: state });
  };
  const later = () => {
    if (pending) timers.clearTimeout(pending);
    pending = timers.setTimeout(save, settleMs);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(ev, later);
  win.on('close', () => {
    if (pending) timers.clearTimeout(pending);
    save();
  });
}

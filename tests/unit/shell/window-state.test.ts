/** The window reopens where it was left, but never off every display; its state is saved when it settles. */
import { describe, expect, it } from 'vitest';
import { memorySettings } from '../../../electron/core/settings';
import { DEFAULT_SIZE, initialBounds, MIN_SIZE, trackWindow, type Rect } from '../../../electron/shell/window-state';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const right: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('initialBounds', () => {
  it('opens at the default size, centred by the OS, the first time', () => {
    expect(initialBounds(undefined, [laptop])).toEqual(DEFAULT_SIZE);
  });
  it('restores size and place when they are on a display', () => {
    expect(initialBounds({ width: 1400, height: 900, x: 2100, y: 50, maximized: false }, [laptop, right])).toEqual({ width: 1400, height: 900, x: 2100, y: 50 });
  });
  it('keeps the size but lets the OS place a window whose display is gone', () => {
    expect(initialBounds({ width: 1400, height: 900, x: 2100, y: 50, maximized: false }, [laptop])).toEqual({ width: 1400, height: 900 });
  });
  it('does not keep a place where only a sliver of the title bar shows', () => {
    expect(initialBounds({ width: 1400, height: 900, x: 1900, y: 10, maximized: false }, [laptop])).toEqual({ width: 1400, height: 900 });
    expect(initialBounds({ width: 1400, height: 900, x: 100, y: 1040, maximized: false }, [laptop])).toEqual({ width: 1400, height: 900 });
  });
  it('clamps the size to the largest display and the minimum', () => {
    expect(initialBounds({ width: 5000, height: 3000, maximized: false }, [laptop])).toEqual({ width: 1920, height: 1050 });
    expect(initialBounds({ width: 300, height: 300, maximized: false }, [laptop])).toEqual(MIN_SIZE);
  });
});

describe('trackWindow', () => {
  function fakeWindow() {
    const listeners = new Map<string, (() => void)[]>();
    const w = {
      bounds: { x: 10, y: 20, width: 1200, height: 800 } as Rect,
      maximized: false,
      destroyed: false,
      on(ev: string, fn: () => void) {
        listeners.set(ev, [...(listeners.get(ev) ?? []), fn]);
      },
      emit(ev: string) {
        for (const fn of listeners.get(ev) ?? []) fn();
      },
      getNormalBounds: () => w.bounds,
      isMaximized: () => w.maximized,
      isDestroyed: () => w.destroyed,
    };
    return w;
  }
  function fakeTimers() {
    let next: (() => void) | null = null;
    return {
      api: { setTimeout: ((fn: () => void) => ((next = fn), 1)) as unknown as typeof setTimeout, clearTimeout: (() => (next = null)) as unknown as typeof clearTimeout },
      fire: () => {
        const f = next;
        next = null;
        f?.();
      },
      get pending() {
        return next !== null;
      },
    };
  }

  it('saves once the window settles after moves, and at once on close', () => {
    const settings = memorySettings();
    const w = fakeWindow();
    const timers = fakeTimers();
    trackWindow(w, settings, 500, timers.api);
    w.bounds = { x: 30, y: 40, width: 1300, height: 820 };
    w.emit('move');
    w.emit('resize');
    expect(settings.get().window).toBeUndefined();
    timers.fire();
    expect(settings.get().window).toEqual({ x: 30, y: 40, width: 1300, height: 820, maximized: false });
    w.maximized = true;
    w.emit('maximize');
    w.emit('close');
    expect(timers.pending).toBe(false);
    // Maximised, the normal bounds are kept, so un-maximising next time returns to them.
    expect(settings.get().window).toEqual({ x: 30, y: 40, width: 1300, height: 820, maximized: true });
  });

  it('writes nothing when nothing changed, and nothing after the window is gone', () => {
    let writes = 0;
    const inner = memorySettings();
    const settings = { ...inner, update: (p: Parameters<typeof inner.update>[0]) => (writes++, inner.update(p)) };
    const w = fakeWindow();
    const timers = fakeTimers();
    trackWindow(w, settings, 500, timers.api);
    w.emit('resize');
    timers.fire();
    w.emit('resize');
    timers.fire();
    expect(writes).toBe(1);
    w.destroyed = true;
    w.bounds = { x: 0, y: 0, width: 999, height: 999 };
    w.emit('resize');
    timers.fire();
    expect(writes).toBe(1);
  });
});

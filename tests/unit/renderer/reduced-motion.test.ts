import { describe, expect, it } from 'vitest';
import { themeFor } from '../../../renderer/app/theme';
import { prefersReducedMotion, subscribeReducedMotion } from '../../../renderer/lib/reduced-motion';

/** A window whose media query answers as the system would, and tells its listeners of a change. */
function fakeWindow(initial: boolean) {
  const listeners = new Set<() => void>();
  const queries: string[] = [];
  const mq = {
    matches: initial,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  return {
    w: { matchMedia: (q: string) => (queries.push(q), mq) } as unknown as Pick<Window, 'matchMedia'>,
    set(v: boolean) {
      mq.matches = v;
      for (const l of [...listeners]) l();
    },
    listeners,
    queries,
  };
}

describe('reduced motion', () => {
  it('reads the system setting through the standard media query', () => {
    const f = fakeWindow(true);
    expect(prefersReducedMotion(f.w)).toBe(true);
    expect(f.queries).toEqual(['(prefers-reduced-motion: reduce)']);
    expect(prefersReducedMotion(fakeWindow(false).w)).toBe(false);
  });

  it('follows a change live, and stops listening when unsubscribed', () => {
    const f = fakeWindow(false);
    const seen: boolean[] = [];
    const off = subscribeReducedMotion(() => seen.push(prefersReducedMotion(f.w)), f.w);
    f.set(true);
    f.set(false);
    expect(seen).toEqual([true, false]);
    off();
    expect(f.listeners.size).toBe(0);
    f.set(true);
    expect(seen).toEqual([true, false]);
  });

  it('is off where there is no window (the core, the CLI)', () => {
    expect(prefersReducedMotion(undefined)).toBe(false);
    expect(subscribeReducedMotion(() => undefined, undefined)()).toBeUndefined();
  });

  it("turns antd's motion off, and only then, keeping the rest of the theme", () => {
    expect(themeFor(true).token).toMatchObject({ motion: false, colorPrimary: '#1f7a5c' });
    expect(themeFor(false).token?.motion).toBeUndefined();
    expect(themeFor(false).token?.colorPrimary).toBe('#1f7a5c');
  });
});

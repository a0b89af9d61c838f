import { useSyncExternalStore } from 'react';

/**
 * The system's "reduce motion" setting (macOS, Windows and GNOME all have one). antd animates
 * every dialog, menu and drawer; with the setting on they open and close at once.
 */
const QUERY = '(prefers-reduced-motion: reduce)';

export function subscribeReducedMotion(onChange: () => void, w: Pick<Window, 'matchMedia'> | undefined = globalThis.window): () => void {
  const mq = w?.matchMedia?.(QUERY);
  if (!mq) return () => undefined;
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

export function prefersReducedMotion(w: Pick<Window, 'matchMedia'> | undefined = globalThis.window): boolean {
  return w?.matchMedia?.(QUERY).matches ?? false;
}

/** Follows the setting live: turning it on in the system takes effect without a restart. */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribeReducedMotion, prefersReducedMotion, () => false);
}

import { create } from 'zustand';

export const ROUTES = ['inbox', 'groups', 'roster', 'broadcasts', 'calendar', 'cases', 'health', 'imports', 'settings'] as const;
export type Route = (typeof ROUTES)[number];
export const DEFAULT_ROUTE: Route = 'groups';

/** Pure: `#/groups`, `#groups` and `#/groups/whatever` all mean groups; anything unknown is the default. */
export function routeFromHash(hash: string): Route {
  const head = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(head) ? (head as Route) : DEFAULT_ROUTE;
}

export function hashFor(route: Route): string {
  return `#/${route}`;
}

interface RouteState {
  route: Route;
  navigate(route: Route): void;
}

/**
 * Where we are, mirrored in location.hash so a reload, Back/Forward and a pasted address all
 * land on the same page. The hash (not the path) is used because the Electron build is served
 * from app://qunzhu/index.html, where only the hash is free to change.
 */
export const useRouteStore = create<RouteState>((set) => ({
  route: routeFromHash(window.location.hash),
  navigate(route) {
    if (window.location.hash !== hashFor(route)) window.location.hash = hashFor(route);
    set({ route });
  },
}));

let syncing = false;
/** Follows Back/Forward and hand-edited addresses. Idempotent. */
export function syncRouteWithHash(): void {
  if (syncing) return;
  syncing = true;
  window.addEventListener('hashchange', () => useRouteStore.setState({ route: routeFromHash(window.location.hash) }));
}

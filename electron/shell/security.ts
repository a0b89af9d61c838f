/**
 * The app window's security rules as plain data and functions, so unit tests check them
 * everywhere (the Electron binary is not needed). main.ts applies them.
 */
import type { WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'qunzhu';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function windowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * The renderer's CSP: our own scripts only (no inline, no eval), no plugins, no framing.
 * Styles allow inline because antd's CSS-in-JS injects <style> elements at run time.
 */
export function contentSecurityPolicy(o: { connect?: string[] } = {}): string {
  const connect = ["'self'", ...(o.connect ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ].join('; ');
}

/**
 * Headers for a file the core wrote for the user (an export), on both transports: always an
 * attachment (never rendered inside our origin), never sniffed, never cached. The name goes in
 * RFC 5987 form so Chinese names survive, with an ASCII fallback for old clients.
 */
export function downloadHeaders(name: string, size: number): Record<string, string> {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return {
    'content-type': 'application/octet-stream',
    'content-length': String(size),
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}

/** Only our own pages may call the core over IPC: top frame, served from app://qunzhu. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** In-app navigation never leaves our origin. */
export function isAllowedNavigation(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Links a user clicks open in the system browser only when they are http(s) and, unless
 * `allowAnyHttps` is set, on a host of the allowlist (platform help pages and the like).
 */
export const EXTERNAL_ALLOWLIST = [
  'core.telegram.org',
  'telegram.org',
  'developer.work.weixin.qq.com',
  'work.weixin.qq.com',
  'open.dingtalk.com',
  'open.feishu.cn',
  'open.larksuite.com',
  'github.com',
  'napneko.github.io',
  'onebot.dev',
];

export function isAllowedExternal(url: string, allowlist: readonly string[] = EXTERNAL_ALLOWLIST): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return allowlist.some((h) => host === h || host.endsWith(`.${h}`));
}

/** Permission requests (camera, geolocation, notifications ...) are all denied. */
export function allowPermission(_permission: string): boolean {
  return false;
}

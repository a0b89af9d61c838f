/**
 * The app window's security rules as plain data and functions, so unit tests check them
 * everywhere (the Electron binary is not needed). main.ts applies them.
 */
import type { WebPreferences } from 'electron';

// Both hosts of the renderer (this shell's app:// protocol and the bridge) send the same policy.
export { contentSecurityPolicy, downloadHeaders } from '../core/web-policy';

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

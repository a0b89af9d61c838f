import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  allowPermission,
  contentSecurityPolicy,
  isAllowedExternal,
  isAllowedNavigation,
  isTrustedSender,
  windowWebPreferences,
} from '../../../electron/shell/security';

describe('window web preferences', () => {
  it('isolate the page: context isolation, sandbox, no Node anywhere, no webview', () => {
    const p = windowWebPreferences('/app/preload.cjs');
    expect(p).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('content security policy', () => {
  const csp = contentSecurityPolicy();
  const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
  it('allows only our own scripts: no inline, no eval, no remote', () => {
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('default-src')).toBe("default-src 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('base-uri')).toBe("base-uri 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
  });
  it('adds extra connect sources only where asked (the bridge socket)', () => {
    expect(directive('connect-src')).toBe("connect-src 'self'");
    expect(contentSecurityPolicy({ connect: ['ws://127.0.0.1:4000'] })).toContain("connect-src 'self' ws://127.0.0.1:4000");
  });
});

describe('IPC sender check', () => {
  it('trusts only the top frame of our own app origin', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html#/groups`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'app://qunzhu.evil/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'not a url', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('navigation and external links', () => {
  it('keeps navigation inside the app', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
  });
  it('opens only http(s) links on the allowlist, without credentials', () => {
    expect(isAllowedExternal('https://core.telegram.org/bots/api')).toBe(true);
    expect(isAllowedExternal('https://developer.work.weixin.qq.com/document/path/91770')).toBe(true);
    expect(isAllowedExternal('https://open.feishu.cn/document')).toBe(true);
    expect(isAllowedExternal('https://evil.example/')).toBe(false);
    expect(isAllowedExternal('https://telegram.org.evil.example/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternal('smb://core.telegram.org/share')).toBe(false);
    expect(isAllowedExternal('https://user:pw@core.telegram.org/')).toBe(false);
  });
  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(allowPermission(p)).toBe(false);
  });
});

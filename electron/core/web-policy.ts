/**
 * What the renderer's two hosts send with every page and file: the app's protocol in the shell
 * and the loopback bridge in browser mode. Kept here, beside the core, so the bridge needs
 * nothing from the shell.
 */

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

/**
 * Webhook keys, access tokens and signing secrets are the robot's password: anyone holding one can
 * post to the group. Everything a channel reports (labels, reasons, errors) goes through here.
 */

/** Enough of the secret to tell two robots apart, never enough to use it. */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return '***';
  return `${secret.slice(0, 3)}***${secret.slice(-2)}`;
}

/**
 * Replaces every known secret (raw, URL-encoded or form-encoded, as a platform may echo the request
 * URL back in its error text) with its mask.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    const forms = new Set([s, encodeURIComponent(s), new URLSearchParams({ x: s }).toString().slice(2)]);
    for (const f of forms) out = out.split(f).join(maskSecret(s));
  }
  return out;
}

/** Platform error texts are untrusted and may be long: keep one short, secret-free line. */
export function cleanPlatformText(text: unknown, secrets: readonly string[], max = 160): string {
  const raw = typeof text === 'string' ? text : text === undefined || text === null ? '' : JSON.stringify(text);
  const oneLine = redactSecrets(raw, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

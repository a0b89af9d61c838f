/**
 * The core's log. Secrets never reach it: anything that looks like a token, key or signature in
 * a message is masked before it is written.
 */
const SECRET = /((?:token|key|secret|sign|signature|access_token|authorization)["'=:\s]+(?:bearer\s+)?)([A-Za-z0-9._~+/=-]{6,})/gi;

export function maskSecrets(text: string): string {
  return text.replace(SECRET, (_, k: string) => `${k}***`);
}

function fmt(e: unknown): string {
  if (e instanceof Error) return maskSecrets(e.stack ?? `${e.name}: ${e.message}`);
  return maskSecrets(String(e));
}

export const log = {
  quiet: process.env.QUNZHU_LOG === 'silent',
  error(msg: string, e?: unknown): void {
    if (this.quiet) return;
    process.stderr.write(`[qunzhu] ${maskSecrets(msg)}${e === undefined ? '' : `: ${fmt(e)}`}\n`);
  },
  info(msg: string): void {
    if (this.quiet) return;
    process.stderr.write(`[qunzhu] ${maskSecrets(msg)}\n`);
  },
};

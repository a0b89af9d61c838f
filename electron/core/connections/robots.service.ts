/**
 * Group robots as stored connections: add (from the webhook address the platform shows), test,
 * pause, remove. Keys, tokens and signing secrets are sealed with the workspace's data key and
 * opened only to build a channel; the UI and every reply see a mask.
 */
import type { Res } from '../../../shared/api';
import type { ParsedReq } from '../../../shared/api';
import type { RobotDto, RobotPlatform } from '../../../shared/api/connections';
import { AppError, type FieldError } from '../../../shared/errors';
import { createRobotChannel, maskSecret, parseRobotConfig, RobotConfigError, type RobotConfig, type SendingChannel } from '../channels';
import { appError, t } from '../i18n/messages';
import { SecretsLockedError, type Vault } from '../secrets';
import type { ServiceDeps } from '../service-deps';
import * as repo from './robots.repo';

/** Sealing and opening a robot's secrets needs the workspace's vault besides the usual. */
export type RobotsDeps = ServiceDeps & { vault: Vault };

/** The secret parts of a robot: what is sealed. */
type Sealed = { key: string } | { accessToken: string; secret: string } | { token: string; secret?: string };

function row(d: ServiceDeps, id: number): repo.RobotRow {
  const r = repo.getRobotRow(d.db, id);
  if (!r) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.robot'), id });
  return r;
}

export function listRobots(d: ServiceDeps): RobotDto[] {
  return repo.listRobotRows(d.db).map((r) => repo.toRobotDto(r, d.now()));
}

export function getRobot(d: ServiceDeps, id: number): RobotDto {
  return repo.toRobotDto(row(d, id), d.now());
}

/**
 * A pasted address that cannot be read as one: not a URL, or with a %-escape that is none (`%E0%A4%A`,
 * `%ZZ`, a lone `%`) or that spells no UTF-8 text. WHATWG URL parsing lets such escapes through
 * (query values come out with U+FFFD), so they are looked for in the text itself.
 */
export function malformedWebhook(webhook: string): boolean {
  const text = webhook.trim();
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    new URL(text);
    decodeURI(text);
    return false;
  } catch {
    return true;
  }
}

/**
 * The key or token from what was pasted: the whole webhook address as the platform shows it
 * (…/webhook/send?key=K, …/robot/send?access_token=T, …/bot/v2/hook/T) or the bare value.
 * Null when there is none to find, the address being of another kind or unreadable.
 */
export function credentialFrom(platform: RobotPlatform, webhook: string): string | null {
  const text = webhook.trim();
  if (!/^https?:\/\//i.test(text)) return text;
  if (malformedWebhook(text)) return null;
  const url = new URL(text);
  if (platform === 'wecom') return url.searchParams.get('key');
  if (platform === 'dingtalk') return url.searchParams.get('access_token');
  const m = /\/hook\/([^/?#]+)\/?$/.exec(url.pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

function configOf(d: RobotsDeps, platform: RobotPlatform, credentials: { webhook: string; secret?: string | undefined }, baseUrl: string | null): { config: RobotConfig; sealed: Sealed } {
  const fieldErr = (path: string, key: string): AppError => appError(d.locale, 'VALIDATION', {}, [{ path, message: t(d.locale, key) } satisfies FieldError]);
  // An address mangled in copying gets its own words: "paste the address" would not say what is wrong.
  if (malformedWebhook(credentials.webhook)) throw fieldErr('credentials.webhook', 'robot.malformedWebhook');
  const cred = credentialFrom(platform, credentials.webhook);
  if (!cred) throw fieldErr('credentials.webhook', `robot.badWebhook.${platform}`);
  const secret = credentials.secret?.trim() ?? '';
  if (platform === 'dingtalk' && !secret) throw fieldErr('credentials.secret', 'robot.needSecret');
  const sealed: Sealed = platform === 'wecom' ? { key: cred } : platform === 'dingtalk' ? { accessToken: cred, secret } : secret ? { token: cred, secret } : { token: cred };
  try {
    return { config: parseRobotConfig({ platform, ...sealed, ...(baseUrl ? { baseUrl } : {}) }), sealed };
  } catch (e) {
    if (!(e instanceof RobotConfigError)) throw e;
    const at = e.issues[0]?.path ?? '';
    if (at === 'baseUrl') throw fieldErr('baseUrl', 'robot.badBaseUrl');
    if (at === 'secret') throw fieldErr('credentials.secret', 'robot.badSecret');
    throw fieldErr('credentials.webhook', `robot.badWebhook.${platform}`);
  }
}

/** "b7e***b9": enough to tell two robots apart, never enough to use one. */
function maskOf(s: Sealed): string {
  return maskSecret('key' in s ? s.key : 'accessToken' in s ? s.accessToken : s.token);
}

const signedOf = (s: Sealed): number => ('secret' in s && s.secret ? 1 : 0);

function checkGroup(d: RobotsDeps, groupId: number | null): void {
  if (groupId !== null && !repo.groupExists(d.db, groupId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.group'), id: groupId });
}

function seal(d: RobotsDeps, s: Sealed): Buffer {
  try {
    return d.vault.encrypt(JSON.stringify(s));
  } catch (e) {
    if (e instanceof SecretsLockedError) throw appError(d.locale, 'SECRETS_LOCKED');
    throw e;
  }
}

export function addRobot(d: RobotsDeps, req: ParsedReq<'connections.addRobot'>): RobotDto {
  checkGroup(d, req.groupId);
  const baseUrl = req.baseUrl?.trim() || null;
  const { sealed } = configOf(d, req.platform, req.credentials, baseUrl);
  const now = d.now();
  const id = repo.insertRobot(d.db, { name: req.name, platform: req.platform, groupId: req.groupId, sealed: seal(d, sealed), masked: maskOf(sealed), signed: signedOf(sealed), baseUrl }, now);
  return repo.toRobotDto(row(d, id), now);
}

export function updateRobot(d: RobotsDeps, req: ParsedReq<'connections.updateRobot'>): RobotDto {
  const r = row(d, req.id);
  const now = d.now();
  if (req.groupId !== undefined) checkGroup(d, req.groupId);
  let sealedCol = r.sealed;
  let masked = r.masked;
  let signed = r.signed;
  if (req.credentials) {
    const { sealed } = configOf(d, r.platform, req.credentials, r.base_url);
    sealedCol = seal(d, sealed);
    masked = maskOf(sealed);
    signed = signedOf(sealed);
  }
  // New credentials make the last test meaningless: it is cleared.
  repo.updateRobot(d.db, r.id, { name: req.name ?? r.name, groupId: req.groupId === undefined ? r.group_id : req.groupId, sealed: sealedCol, masked, signed, clearTest: req.credentials !== undefined }, now);
  return repo.toRobotDto(row(d, r.id), now);
}

export function pauseRobot(d: ServiceDeps, id: number, paused: boolean): RobotDto {
  const r = row(d, id);
  repo.setRobotPaused(d.db, r.id, paused, d.now());
  return getRobot(d, id);
}

export function removeRobot(d: ServiceDeps, id: number): void {
  row(d, id);
  repo.deleteRobot(d.db, id);
}

/** Opens the robot's secrets and builds its channel (for a test or the outbox). */
export function robotChannel(d: RobotsDeps, id: number): SendingChannel {
  const r = row(d, id);
  let sealed: Sealed;
  try {
    sealed = JSON.parse(d.vault.decrypt(r.sealed)) as Sealed;
  } catch (e) {
    if (e instanceof SecretsLockedError) throw appError(d.locale, 'SECRETS_LOCKED');
    throw appError(d.locale, 'SECRETS_UNREADABLE', { name: r.name });
  }
  return createRobotChannel({ platform: r.platform, ...sealed, ...(r.base_url ? { baseUrl: r.base_url } : {}) });
}

/** Sends a short test message and records how it went. */
export async function testRobot(d: RobotsDeps, id: number): Promise<Res<'connections.testRobot'>> {
  const channel = robotChannel(d, id);
  const now = d.now();
  const outcome = await channel.send({ format: 'text', text: t(d.locale, 'robot.testMessage', { time: new Date(now).toLocaleString(d.locale, { hour12: false }) }) });
  const ok = outcome.status === 'sent';
  const reason = outcome.status === 'sent' ? null : outcome.reason;
  const lockedUntil = outcome.status === 'retry' && outcome.reason.code === 'rate_limited' ? d.now() + outcome.retryAfterMs : null;
  repo.recordRobotTest(d.db, id, { at: now, ok, reason: reason?.code ?? null, lockedUntil });
  return { ok, code: reason?.code ?? null, message: reason?.text ?? null, robot: getRobot(d, id) };
}

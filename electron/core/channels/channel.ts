/**
 * The contract between the broadcast outbox and anything that can deliver a message to a group:
 * group robot webhooks today, Telegram/QQ bots later. A channel never throws for a delivery
 * problem; it answers with a SendOutcome that tells the outbox exactly what it may do next, because
 * the outbox must never repeat a send that may already have reached the group.
 */

/** Every kind of sending channel. New channels (Telegram, QQ) add their kind here. */
export type ChannelKind = 'wecom-robot' | 'dingtalk-robot' | 'feishu-robot';

export type MessageFormat = 'text' | 'markdown';

export interface OutgoingMessage {
  format: MessageFormat;
  text: string;
  /** Shown as a heading or, on DingTalk, as the notification preview. */
  title?: string;
}

/**
 * Exactly what a channel puts into its request, built by the platform's own pure function from an
 * OutgoingMessage: the plan previews it, the outbox stores it with the target and sends it as it
 * is. `post` is Feishu's rich text: `content` holds its lines, http(s) links as `[label](url)`.
 */
export type DeliveryFormat = 'text' | 'markdown' | 'post';
export interface Delivery {
  format: DeliveryFormat;
  /** DingTalk's notification title, Feishu's post title; the others fold a title into `content`. */
  title?: string;
  content: string;
}

/**
 * A picture posted as a message of its own (WeCom's `image` msgtype), after the text. The bytes
 * are the stored picture; a channel that can post pictures builds its request from them.
 */
export interface OutgoingImage {
  bytes: Buffer;
  mime: 'image/png' | 'image/jpeg';
}

/** How long a delivery is against the platform's cap, in the unit the platform counts. */
export interface SizeCheck {
  limit: number;
  actual: number;
  unit: 'bytes' | 'chars';
}

export interface ChannelCapabilities {
  formats: MessageFormat[];
  /**
   * Longest `text` (title included) accepted in every supported format, in UTF-8 bytes: the
   * platforms count bytes, so a Chinese message hits the cap at a third of its character count.
   */
  maxLength: number;
  /** Can post a local picture (then `sendImage` exists). DingTalk and Feishu custom robots cannot. */
  images: boolean;
}

/** At most `max` sends in any window of `windowMs` milliseconds. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * Machine-readable reason codes. The UI translates the code; `text` is a short English note for
 * the log and for support, and never holds a key, token, secret or signature.
 */
export type ReasonCode =
  // retry: nothing reached the group, or the platform asked us to come back later
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  | 'cancelled'
  // retry when nothing was written yet, uncertain afterwards
  | 'timeout'
  | 'aborted'
  // uncertain: the request may have been acted on
  | 'connection_lost'
  | 'unreadable_reply'
  // failed: permanent, sending the same thing again cannot help
  | 'invalid_credentials'
  | 'robot_unavailable'
  | 'bad_signature'
  | 'ip_not_allowed'
  | 'keyword_missing'
  | 'content_rejected'
  | 'invalid_message'
  | 'too_long'
  | 'rejected';

export interface SendReason {
  code: ReasonCode;
  text: string;
}

export type SendOutcome =
  | { status: 'sent'; platformId?: string }
  | { status: 'retry'; retryAfterMs: number; reason: SendReason }
  | { status: 'failed'; permanent: true; reason: SendReason; code?: number | string }
  | { status: 'uncertain'; reason: SendReason };

export interface SendingChannel {
  readonly kind: ChannelKind;
  /** For logs and the UI: names the robot with its key masked. */
  readonly label: string;
  readonly capabilities: ChannelCapabilities;
  readonly limits: RateLimit[];
  send(msg: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome>;
  /** Sends a delivery built earlier by this platform's builder (the outbox stores them), unchanged. */
  sendDelivery(d: Delivery, signal?: AbortSignal): Promise<SendOutcome>;
  /** Posts a picture as its own message; only where `capabilities.images`. */
  sendImage?(img: OutgoingImage, signal?: AbortSignal): Promise<SendOutcome>;
}

/**
 * Failures that concern the robot rather than one message: every later message to it would fail
 * the same way, so a queue stops instead of burning through its backlog.
 */
export const ROBOT_LEVEL_FAILURES: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'invalid_credentials',
  'robot_unavailable',
  'bad_signature',
  'ip_not_allowed',
]);

export const sent = (platformId?: string): SendOutcome => (platformId === undefined ? { status: 'sent' } : { status: 'sent', platformId });

export const retry = (retryAfterMs: number, code: ReasonCode, text: string): SendOutcome => ({
  status: 'retry',
  retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)),
  reason: { code, text },
});

export const failed = (code: ReasonCode, text: string, platformCode?: number | string): SendOutcome =>
  platformCode === undefined
    ? { status: 'failed', permanent: true, reason: { code, text } }
    : { status: 'failed', permanent: true, reason: { code, text }, code: platformCode };

export const uncertain = (code: ReasonCode, text: string): SendOutcome => ({ status: 'uncertain', reason: { code, text } });

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

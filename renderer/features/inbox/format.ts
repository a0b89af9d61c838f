import type { TFunction } from 'i18next';
import { splitMinutes } from '../../store/inbox/selectors';

/** "1 天 3 小时" / "2 小时 40 分钟" / "25 分钟": the two largest units. */
export function formatWaiting(minutes: number, t: TFunction): string {
  const { d, h, m } = splitMinutes(minutes);
  if (d === 0 && h === 0 && m === 0) return t('inbox.duration.lessThanMinute');
  const parts: string[] = [];
  if (d) parts.push(t('inbox.duration.d', { count: d }));
  if (h) parts.push(t('inbox.duration.h', { count: h }));
  if (m && !d) parts.push(t('inbox.duration.m', { count: m }));
  return parts.slice(0, 2).join(' ');
}

type Media = 'image' | 'sticker' | 'voice' | 'video' | 'file' | 'link';
const MEDIA = new Set<string>(['image', 'sticker', 'voice', 'video', 'file', 'link'] satisfies Media[]);
const isMedia = (k: string): k is Media => MEDIA.has(k);

/**
 * What a message shows as its body: its text, or for a picture, sticker … without text the
 * platform's own placeholder ([图片], [表情] …), so it never reads as an empty message.
 */
export function messageBody(m: { text: string; kind: string }, t: TFunction): string {
  if (m.text.trim() !== '' || !isMedia(m.kind)) return m.text;
  return t(`inbox.media.${m.kind}`);
}

/** An attachment's kind in words. */
export function attachmentKind(kind: string, t: TFunction): string {
  return t(`inbox.media.${isMedia(kind) ? kind : 'other'}`);
}

/**
 * A calendar slot's checklist is due (core event `calendar.reminder`): a desktop notification,
 * in the user's language. Clicking it brings the window forward; the renderer shows the badge and
 * the toast with the link to the checklist. Electron's Notification is passed in, so this runs in
 * tests without the binary.
 */
import type { Locale } from '../../shared/domain/enums';
import type { CalendarReminderEvent } from '../../shared/events';

export interface NotificationLike {
  show(): void;
  on(event: 'click', fn: () => void): unknown;
}
export interface NotificationApi {
  isSupported(): boolean;
  new (o: { title: string; body: string; silent?: boolean }): NotificationLike;
}

export function reminderText(e: CalendarReminderEvent, locale: Locale): { title: string; body: string } {
  const head = e.columnName ? `${e.columnName} · ${e.title}` : e.title;
  if (locale === 'en') {
    const parts = [e.manual ? `${e.manual} group${e.manual === 1 ? '' : 's'} to send by hand` : '', e.ownerConfirm ? `${e.ownerConfirm} waiting for their owners to confirm` : ''].filter(Boolean);
    return { title: `Due now: ${head}`, body: `${parts.join('; ')}. Open the checklist in Qunzhu.` };
  }
  const parts = [e.manual ? `${e.manual} 个群需要手动发送` : '', e.ownerConfirm ? `${e.ownerConfirm} 个群等群主确认` : ''].filter(Boolean);
  return { title: `到点了：${head}`, body: `${parts.join('，')}。请在群主中打开清单。` };
}

/** Shows the notification where the system supports it; true when shown. */
export function showReminder(api: NotificationApi | undefined, e: CalendarReminderEvent, locale: Locale, focus: () => void): boolean {
  if (!api || typeof api.isSupported !== 'function' || !api.isSupported()) return false;
  const n = new api(reminderText(e, locale));
  n.on('click', focus);
  n.show();
  return true;
}

import { describe, expect, it } from 'vitest';
import { reminderText, showReminder, type NotificationApi } from '../../../electron/shell/reminders';

const e = { entryId: 1, broadcastId: 2, columnName: '早报', title: '今日好文', at: '2026-12-08T00:30:00.000Z', manual: 3, ownerConfirm: 1 };

describe('calendar reminders in the desktop app', () => {
  it('says what is due and how many groups wait, in the user’s language', () => {
    expect(reminderText(e, 'zh-CN')).toEqual({ title: '到点了：早报 · 今日好文', body: '3 个群需要手动发送，1 个群等群主确认。请在群主中打开清单。' });
    expect(reminderText({ ...e, ownerConfirm: 0, manual: 1 }, 'en')).toEqual({ title: 'Due now: 早报 · 今日好文', body: '1 group to send by hand. Open the checklist in Qunzhu.' });
  });

  it('shows a notification that brings the window forward, and nothing where notifications are unsupported', () => {
    const shown: { title: string; body: string; click?: () => void }[] = [];
    let supported = true;
    const Api = class {
      o: { title: string; body: string; click?: () => void };
      static isSupported = () => supported;
      constructor(o: { title: string; body: string }) {
        this.o = { ...o };
      }
      on(_: 'click', fn: () => void) {
        this.o.click = fn;
      }
      show() {
        shown.push(this.o);
      }
    } as unknown as NotificationApi;
    let focused = 0;
    expect(showReminder(Api, e, 'zh-CN', () => focused++)).toBe(true);
    expect(shown.map((x) => x.title)).toEqual(['到点了：早报 · 今日好文']);
    shown[0]!.click!();
    expect(focused).toBe(1);
    supported = false;
    expect(showReminder(Api, e, 'zh-CN', () => focused++)).toBe(false);
    expect(showReminder(undefined, e, 'zh-CN', () => focused++)).toBe(false);
    expect(shown).toHaveLength(1);
  });
});

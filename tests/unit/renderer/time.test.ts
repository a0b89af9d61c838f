/** The renderer's time formats (renderer/lib/time.ts) in both languages. */
import { describe, expect, it } from 'vitest';
import { formatShortTime } from '../../../renderer/lib/time';

describe('formatShortTime', () => {
  const now = new Date(2026, 11, 7, 15, 0);
  it('today the time, this year day and time, earlier years the date and the time too', () => {
    expect(formatShortTime(new Date(2026, 11, 7, 9, 5).toISOString(), 'zh-CN', now)).toBe('09:05');
    expect(formatShortTime(new Date(2026, 10, 3, 9, 12).toISOString(), 'zh-CN', now)).toMatch(/11月3日.*09:12/);
    // A message from a past year: its time is as much part of it as its date.
    expect(formatShortTime(new Date(2016, 2, 1, 20, 45).toISOString(), 'zh-CN', now)).toMatch(/^2016\/03\/01 20:45$/);
    expect(formatShortTime(new Date(2016, 2, 1, 20, 45).toISOString(), 'en', now)).toMatch(/03\/01\/2016, 0?8:45\s?PM/);
  });
});

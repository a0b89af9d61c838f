import { afterEach, describe, expect, it } from 'vitest';
import i18n from '../../../renderer/i18n';

// Every number a sentence carries is written as the UI writes numbers elsewhere (3,076, not 3076).
describe('numbers in translated sentences', () => {
  afterEach(() => void i18n.changeLanguage('zh-CN'));

  it('groups thousands in every interpolated count, in both languages', () => {
    expect(i18n.t('cases.list.total', { count: 3076 })).toContain('3,076');
    expect(i18n.t('inbox.unreadCount', { count: 12345 })).toContain('12,345');
    expect(i18n.t('roster.evidence.active', { messages: 1200, days: 3, windowDays: 14 })).toBe('近 14 天 1,200 条消息，分布在 3 天');
    void i18n.changeLanguage('en');
    expect(i18n.t('roster.evidence.active', { messages: 1200, days: 3, windowDays: 14 })).toBe('1,200 messages on 3 days in the last 14 days');
  });

  it('leaves ids, text and already formatted values alone', () => {
    expect(i18n.t('groups.segment.unknownGroup', { id: 12345 })).toContain('12345');
    expect(i18n.t('roster.evidence.active', { messages: '1,200', days: 3, windowDays: 14 })).toContain('1,200');
    expect(i18n.t('roster.evidence.kol', { people: 4, rank: 1, members: 2000, windowDays: 30, group: '1000人群' })).toContain('「1000人群」');
  });
});

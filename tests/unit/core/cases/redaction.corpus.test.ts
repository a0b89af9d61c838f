import { describe, expect, it } from 'vitest';
import { detectPersonalData, redactCase } from '../../../../electron/core/cases/redaction';
import { corpus } from '../../../fixtures/redaction/corpus';

describe('the redaction corpus', () => {
  it('is large and covers every kind, in both directions', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(corpus.flatMap((c) => c.kinds));
    expect([...kinds].sort()).toEqual(['bank-card', 'email', 'id-card', 'phone', 'qq', 'url-token', 'wechat']);
    expect(corpus.filter((c) => c.kinds.length === 0).length).toBeGreaterThanOrEqual(20);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = redactCase({ messages: [{ id: 'm', senderKey: 's', text: c.text }], participants: [], locale: c.locale ?? 'zh-CN' });
    expect(result.messages[0]!.text).toBe(c.expected);
    expect(detectPersonalData(c.text).map((f) => f.kind)).toEqual(c.kinds);
  });
});

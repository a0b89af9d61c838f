import { describe, expect, it } from 'vitest';
import { highlightRanges, isQuestion, matchesAll, parseQuery, searchBody } from '../../../../electron/core/text/search-text';

describe('searchBody', () => {
  it('chunks CJK runs by two, with the run’s last character alone', () => {
    expect(searchBody('今天天气')).toBe('今天 天天 天气 气');
    expect(searchBody('好')).toBe('好');
  });

  it('keeps Latin words and numbers whole, lower-cased, and full-width forms folded', () => {
    expect(searchBody('用iPhone15拍')).toBe('用 iphone15 拍');
    expect(searchBody('ＡＢＣ１２３ 测试')).toBe('abc123 测试 试');
  });

  it('never chunks across punctuation, spaces or emoji', () => {
    expect(searchBody('天，气')).toBe('天 气');
    expect(searchBody('天 气')).toBe('天 气');
    expect(searchBody('天😀气')).toBe('天 气');
    expect(searchBody('')).toBe('');
    expect(searchBody('！？。')).toBe('');
  });
});

describe('long input', () => {
  // ~1 MB of Chinese without punctuation: one run of 350,000 characters. Spread into push() this
  // overflowed the call stack and failed the whole import (issue #17).
  const run = Array.from({ length: 350_000 }, (_, i) => '群主运营社区活跃成员'[i % 10]).join('');
  it('indexes a 1 MB single message without overflowing the stack', () => {
    expect(Buffer.byteLength(run)).toBeGreaterThan(1_000_000);
    const body = searchBody(run);
    expect(body.split(' ')).toHaveLength(350_000);
    expect(body.startsWith('群主 主运 运营')).toBe(true);
  });
  it('parses a query as long', () => {
    expect(parseQuery(run.slice(0, 200_000)).match).toMatch(/^"群主 主运/);
  });
});

describe('parseQuery', () => {
  it('makes a 2+ character Chinese term one phrase of chunks (an exact index lookup)', () => {
    expect(parseQuery('天气').match).toBe('"天气"');
    expect(parseQuery('天气好').match).toBe('"天气 气好"');
  });

  it('makes a single character and a Latin word prefixes', () => {
    expect(parseQuery('好').match).toBe('"好" *');
    expect(parseQuery('iPh').match).toBe('"iph" *');
  });

  it('writes a mixed term as the index wrote it: a CJK run before a word ends in its last character', () => {
    expect(parseQuery('用iPhone').match).toBe('"用 iphone" *');
    expect(parseQuery('买iPhone手机').match).toBe('"买 iphone 手机"');
  });

  it('ANDs space-separated terms, splits terms at punctuation, keeps quoted phrases', () => {
    const q = parseQuery('社群 运营，活动 "会员 体系"');
    expect(q.terms).toEqual(['社群', '运营', '活动', '会员', '体系']);
    expect(q.match).toBe('"社群" AND "运营" AND "活动" AND "会员" AND "体系"');
  });

  it('takes from:, group:, after:, before: as filters, not terms', () => {
    const q = parseQuery('from:小王 group:"北京 运营" after:2026-11-01 before:2026-11-20 裂变');
    expect(q).toMatchObject({ from: '小王', group: '北京 运营', after: '2026-11-01', before: '2026-11-20', terms: ['裂变'], match: '"裂变"' });
    expect(parseQuery('from:小王').match).toBeNull();
  });

  it('has no match for a query of only punctuation, and quotes cannot break out of a phrase', () => {
    expect(parseQuery('，。！').match).toBeNull();
    expect(parseQuery('a"b').match).toBe('"a" * AND "b" *');
  });
});

describe('matchesAll / highlightRanges', () => {
  it('confirms terms on the normalized text', () => {
    expect(matchesAll('买了ＩＰＨＯＮＥ', ['iphone'])).toBe(true);
    expect(matchesAll('天，气', ['天气'])).toBe(false);
  });

  it('returns merged ranges in the original text, full-width and surrogate pairs included', () => {
    expect(highlightRanges('今天天气不错，天气真好', ['天气'])).toEqual([
      [2, 4],
      [7, 9],
    ]);
    expect(highlightRanges('ＡＢＣ好', ['abc'])).toEqual([[0, 3]]);
    expect(highlightRanges('😀天气', ['天气'])).toEqual([[2, 4]]);
    expect(highlightRanges('天气天', ['天气', '气天'])).toEqual([[0, 3]]);
    expect(highlightRanges('无关', ['天气'])).toEqual([]);
  });
});

describe('isQuestion', () => {
  it.each([
    ['这个怎么弄？', true],
    ['有没有人做过裂变', true],
    ['可以开发票吗', true],
    ['how do I join', true],
    ['Is this ok?', true],
    ['谢谢分享', false],
    ['早上好', false],
    ['', false],
  ])('%s -> %s', (text, expected) => {
    expect(isQuestion(text)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import {
  chineseIdCheckChar,
  detectPersonalData,
  isSensitiveParam,
  isValidChineseId,
  letterSequence,
  luhnValid,
  redactCase,
  type CaseMessage,
  type CaseParticipant,
  type RedactCaseInput,
} from '../../../../electron/core/cases/redaction';
import { AMEX, group4, ID_15, ID_A, ID_B, ID_BAD_SUM, ID_X, idCard, idCheck, luhnComplete, MASTERCARD, UNIONPAY_19, VISA, VISA_BAD } from '../../../fixtures/redaction/corpus';

const msg = (id: string, senderKey: string, text: string): CaseMessage => ({ id, senderKey, text });
const people: CaseParticipant[] = [
  { key: 'u-owner', name: '老王', role: 'owner' },
  { key: 'u-kol', name: 'Alice', aliases: ['爱丽丝'], role: 'kol' },
  { key: 'u-zs', name: '张三', role: 'member' },
  { key: 'u-zsf', name: '张三丰', role: 'member' },
  { key: 'u-lin', name: '琳', role: 'member' },
  { key: 'u-ann', name: 'Ann', role: 'member' },
];
const run = (messages: CaseMessage[], extra: Partial<RedactCaseInput> = {}) =>
  redactCase({ messages, participants: people, locale: 'zh-CN', ...extra });
const texts = (r: ReturnType<typeof redactCase>) => r.messages.map((m) => m.text);

describe('validators', () => {
  it('computes the ISO 7064 MOD 11-2 check character as an independent implementation does', () => {
    for (const body of ['11010519900307123', '44030420001231456', '32010219880229100', '65010119700101000', '81000019991231999']) {
      expect(chineseIdCheckChar(body)).toBe(idCheck(body));
    }
    expect(ID_X.endsWith('X')).toBe(true);
  });

  it('accepts generated IDs and rejects bad checksums, dates and regions', () => {
    for (const id of [ID_A, ID_B, ID_X, ID_X.toLowerCase(), ID_15, `${ID_A.slice(0, 6)} ${ID_A.slice(6, 14)} ${ID_A.slice(14)}`]) {
      expect(isValidChineseId(id)).toBe(true);
    }
    expect(isValidChineseId(ID_BAD_SUM)).toBe(false);
    expect(isValidChineseId(idCard('11010518991231123'))).toBe(false); // born 1899
    expect(isValidChineseId(idCard('11010520000229123'))).toBe(true); // 2000 is a leap year
    expect(isValidChineseId(idCard('11010519000229123'))).toBe(false); // 1900 is not
    expect(isValidChineseId(idCard('11010519900431123'))).toBe(false); // 31 April
    expect(isValidChineseId(idCard('10010519900307123'))).toBe(false); // no province 10
    expect(isValidChineseId('1101051990030712')).toBe(false); // 16 digits
  });

  it('runs the Luhn check over published test numbers', () => {
    for (const n of [VISA, MASTERCARD, AMEX, UNIONPAY_19, '4111 1111 1111 1111', '4111-1111-1111-1111']) expect(luhnValid(n)).toBe(true);
    expect(luhnValid(VISA_BAD)).toBe(false);
    expect(luhnValid('4111x111')).toBe(false);
  });

  it('knows which URL parameters carry secrets', () => {
    for (const n of ['token', 'access_token', 'accessToken', 'api_key', 'apiKey', 'key', 'sign', 'Signature', 'secret', 'client_secret', 'session', 'sessionId', 'sid', 'code', 'auth_code', 'ticket', 'auth', 'password', 'pwd', 'JSESSIONID', 'x-amz-signature']) {
      expect(isSensitiveParam(n), n).toBe(true);
    }
    for (const n of ['id', 'page', 'utm_source', 'monkey', 'keyword', 'design', 'zip_code', 'lang_code', 'state', 'expires_in', 'OSSAccessKeyId']) {
      expect(isSensitiveParam(n), n).toBe(false);
    }
  });

  it('letters labels like spreadsheet columns', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(letterSequence)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('detectPersonalData', () => {
  it('reports original substrings and offsets, also for full-width text', () => {
    const text = '号码：１３８１２３４５６７８，mail ａ＠ｂ．ｃｏｍ';
    const found = detectPersonalData(text);
    expect(found.map((f) => f.kind)).toEqual(['phone', 'email']);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.value);
    expect(found[0]!.value).toBe('１３８１２３４５６７８');
  });

  it('never reports an ID-card number as a phone or a card, nor an e-mail local part as a QQ number', () => {
    expect(detectPersonalData(`QQ ${ID_B}`).map((f) => [f.kind, f.value])).toEqual([['id-card', ID_B]]);
    expect(detectPersonalData('QQ：12345678@qq.com').map((f) => [f.kind, f.value])).toEqual([['email', '12345678@qq.com']]);
  });

  it('returns non-overlapping findings in text order', () => {
    const found = detectPersonalData(`a@b.com 13812345678 ${VISA} https://x.com/?token=1 QQ：12345 ${ID_A}`);
    expect(found.map((f) => f.kind)).toEqual(['email', 'phone', 'bank-card', 'url-token', 'qq', 'id-card']);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
  });

  it('merges candidates that disagree about where a number ends, so neither leaks', () => {
    // Groups 1-4 and groups 2-5 are both valid cards: whichever is "right", all five groups go.
    const first = luhnComplete('400050000000000');
    const second = luhnComplete(`${first.slice(4)}000`);
    expect(second.startsWith('5')).toBe(true);
    const run = `${group4(first)} ${second.slice(12)}`;
    expect(detectPersonalData(`卡 ${run} 谢谢`)).toEqual([{ kind: 'bank-card', start: 2, end: 2 + run.length, value: run }]);
  });

  it('reports names only when asked, longest first', () => {
    expect(detectPersonalData('张三丰和张三')).toEqual([]);
    expect(detectPersonalData('张三丰和张三', { names: ['张三', '张三丰'] })).toEqual([
      { kind: 'name', start: 0, end: 3, value: '张三丰' },
      { kind: 'name', start: 4, end: 6, value: '张三' },
    ]);
  });
});

describe('redactCase: labels', () => {
  it('labels speakers in order of first appearance, consistently across messages', () => {
    const r = run([msg('1', 'u-zsf', '大家好'), msg('2', 'u-zs', '好'), msg('3', 'u-zsf', '再说一句'), msg('4', 'u-kol', '嗯'), msg('5', 'u-owner', '欢迎')]);
    expect(r.messages.map((m) => m.senderLabel)).toEqual(['成员A', '成员B', '成员A', 'KOL', '群主']);
    // Participants who never speak get labels after the speakers, in the order given.
    expect(r.labels).toEqual({ 'u-zsf': '成员A', 'u-zs': '成员B', 'u-kol': 'KOL', 'u-owner': '群主', 'u-lin': '成员C', 'u-ann': '成员D' });
  });

  it('uses English labels for the en locale', () => {
    const r = run([msg('1', 'u-zs', 'hi @Alice and 老王')], { locale: 'en' });
    expect(r.messages[0]!.senderLabel).toBe('Member A');
    expect(r.messages[0]!.text).toBe('hi @KOL and Owner');
    expect(r.labels['u-ann']).toBe('Member D');
  });

  it('letters several KOLs and owners so that nobody shares a label', () => {
    const participants: CaseParticipant[] = [
      { key: 'k1', name: '大牛', role: 'kol' },
      { key: 'k2', name: 'Bob', role: 'kol' },
      { key: 'o1', name: '老王', role: 'owner' },
      { key: 'o2', name: '老李', role: 'owner' },
    ];
    const zh = redactCase({ messages: [], participants, locale: 'zh-CN' }).labels;
    expect(zh).toEqual({ k1: 'KOL A', k2: 'KOL B', o1: '群主A', o2: '群主B' });
    const en = redactCase({ messages: [], participants, locale: 'en' }).labels;
    expect(en).toEqual({ k1: 'KOL A', k2: 'KOL B', o1: 'Owner A', o2: 'Owner B' });
  });

  it('goes on with 成员AA after 成员Z', () => {
    const participants = Array.from({ length: 28 }, (_, i): CaseParticipant => ({ key: `p${i}`, name: `成员名${i}`, role: 'member' }));
    const labels = redactCase({ messages: [], participants, locale: 'zh-CN' }).labels;
    expect([labels.p0, labels.p25, labels.p26, labels.p27]).toEqual(['成员A', '成员Z', '成员AA', '成员AB']);
  });

  it('labels a sender who is not a participant as a member', () => {
    const r = run([msg('1', 'stranger', '路过'), msg('2', 'stranger', '再路过')]);
    expect(r.messages.map((m) => m.senderLabel)).toEqual(['成员A', '成员A']);
    expect(r.labels.stranger).toBe('成员A');
  });
});

describe('redactCase: names in text', () => {
  it('replaces @-mentions and plain mentions, keeping the @', () => {
    const r = run([msg('1', 'u-owner', '@张三 你好，张三的问题我来答'), msg('2', 'u-zs', '＠老王 收到')]);
    expect(texts(r)).toEqual(['@成员A 你好，成员A的问题我来答', '＠群主 收到']);
  });

  it('replaces the longest name first: 张三丰 is not 张三 + 丰', () => {
    const r = run([msg('1', 'u-zs', '@张三丰 和 @张三 都来了，张三丰张三')]);
    expect(r.messages[0]!.text).toBe('@成员B 和 @成员A 都来了，成员B成员A');
    expect(r.labels).toMatchObject({ 'u-zs': '成员A', 'u-zsf': '成员B' });
  });

  it('maps aliases to the same label and matches Latin names case-insensitively as whole words', () => {
    const r = run([msg('1', 'u-owner', '感谢 alice 和爱丽丝，ALICE 的 Annual report 由 Ann 写')]);
    expect(r.messages[0]!.text).toBe('感谢 KOL 和KOL，KOL 的 Annual report 由 成员D 写');
  });

  it('replaces single-character names only after @', () => {
    const r = run([msg('1', 'u-owner', '@琳 琳琅满目')]);
    expect(r.messages[0]!.text).toBe('@成员C 琳琅满目');
  });

  it('replaces a name that is part of a longer finding together with it', () => {
    const participants: CaseParticipant[] = [{ key: 'z', name: 'zhangsan', role: 'member' }];
    const r = redactCase({ messages: [msg('1', 'z', '邮件 zhangsan@example.com 找 zhangsan')], participants, locale: 'en' });
    expect(r.messages[0]!.text).toBe('邮件 [email] 找 Member A');
    expect(r.messages[0]!.redactions.map((x) => x.kind)).toEqual(['email', 'name']);
  });
});

describe('redactCase: reversible redactions', () => {
  const messages = [msg('m1', 'u-zs', '手机13812345678，@老王 看下'), msg('m2', 'u-owner', `QQ：12345678 卡号 ${VISA}`)];

  it('lists every redaction with a stable id, the original and where it sits in the output', () => {
    const r = run(messages);
    expect(r.messages[0]!.redactions).toEqual([
      { id: 'm1:2:phone', kind: 'phone', original: '13812345678', replacement: '[手机号]', start: 2, end: 13, applied: true, outputStart: 2, outputEnd: 7 },
      { id: 'm1:15:name', kind: 'name', original: '老王', replacement: '群主', start: 15, end: 17, applied: true, outputStart: 9, outputEnd: 11 },
    ]);
    for (const m of r.messages) for (const x of m.redactions) expect(m.text.slice(x.outputStart, x.outputEnd)).toBe(x.replacement);
    expect(run(messages)).toEqual(r);
  });

  it('keeps the original text of disabled redactions and only theirs; ids do not move', () => {
    const all = run(messages);
    const r = run(messages, { disabled: new Set(['m1:2:phone', 'm2:3:qq']) });
    expect(texts(r)).toEqual(['手机13812345678，@群主 看下', 'QQ：12345678 卡号 [银行卡号]']);
    expect(r.messages.flatMap((m) => m.redactions.map((x) => x.id))).toEqual(all.messages.flatMap((m) => m.redactions.map((x) => x.id)));
    const phone = r.messages[0]!.redactions[0]!;
    expect(phone).toMatchObject({ applied: false, replacement: '[手机号]' });
    expect(r.messages[0]!.text.slice(phone.outputStart, phone.outputEnd)).toBe('13812345678');
  });

  it('returns the input unchanged when every redaction is disabled', () => {
    const ids = run(messages).messages.flatMap((m) => m.redactions.map((x) => x.id));
    expect(ids.length).toBe(4);
    expect(texts(run(messages, { disabled: new Set(ids) }))).toEqual(messages.map((m) => m.text));
  });

  it('redacts a labelled value where it recurs in other messages of the case', () => {
    const r = run([msg('1', 'u-zs', '我QQ：12345678，微信：zhang_san88'), msg('2', 'u-kol', '12345678 加了，ZHANG_SAN88 也加了，订单号12345678 不算')]);
    expect(texts(r)).toEqual(['我QQ：[QQ号]，微信：[微信号]', '[QQ号] 加了，[微信号] 也加了，订单号12345678 不算']);
  });

  it('leaves a text without personal data untouched', () => {
    const r = run([msg('1', 'u-zs', '今天的早报：社群运营的 7 个关键指标，2024-01-01 发布，v1.2.3')]);
    expect(r.messages[0]).toMatchObject({ text: '今天的早报：社群运营的 7 个关键指标，2024-01-01 发布，v1.2.3', redactions: [] });
  });

  it('uses English placeholders for the en locale', () => {
    const r = redactCase({ messages: messages.slice(1), participants: [], locale: 'en' });
    expect(r.messages[0]!.text).toBe('QQ：[QQ] 卡号 [bank card]');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectPersonalData,
  redactCase,
  type CaseMessage,
  type CaseParticipant,
  type RedactCaseInput,
  type RedactCaseResult,
} from '../../../../electron/core/cases/redaction';
import { group4, idCard, luhnComplete } from '../../../fixtures/redaction/corpus';

/** A fragment of a message; `secrets` are substrings that must not survive redaction. */
interface Fragment {
  text: string;
  secrets: string[];
}

const digits = (min: number, max = min) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

const mobile = fc
  .tuple(fc.constantFrom('13', '14', '15', '16', '17', '18', '19'), digits(9), fc.constantFrom('plain', 'spaces', 'dashes', '+86 ', '0086', '(+86)'))
  .map(([head, rest, shape]): Fragment => {
    const n = head + rest;
    const grouped = (sep: string) => `${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}`;
    const text = shape === 'plain' ? n : shape === 'spaces' ? grouped(' ') : shape === 'dashes' ? grouped('-') : shape + n;
    return { text, secrets: [text, n] };
  });

const idNumber = fc
  .tuple(
    fc.constantFrom('110105', '310104', '440304', '510107', '650102', '820000'),
    fc.integer({ min: 1900, max: 2099 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    digits(3),
    fc.boolean(),
  )
  .map(([region, y, m, d, seq, lower]): Fragment => {
    const id = idCard(`${region}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`);
    const text = lower ? id.toLowerCase() : id;
    return { text, secrets: [text] };
  });

const card = fc
  .tuple(fc.constantFrom(['4', 16], ['51', 16], ['62', 16], ['62', 19], ['37', 15], ['6011', 16]), digits(18), fc.boolean())
  .map(([[prefix, length], rest, grouped]): Fragment => {
    const n = luhnComplete(prefix + rest.slice(0, length - prefix.length - 1));
    const text = grouped ? group4(n) : n;
    return { text, secrets: [text, n] };
  });

const email = fc.stringMatching(/^[a-z][a-z0-9._]{1,10}[a-z0-9]@[a-z]{2,8}\.(?:com|cn|org)$/).map((e): Fragment => ({ text: e, secrets: [e] }));
const qq = fc
  .tuple(fc.constantFrom('QQ：', 'qq号 ', '扣扣', '加Q '), fc.integer({ min: 1, max: 9 }), digits(4, 10))
  .map(([label, first, rest]): Fragment => ({ text: `${label}${first}${rest}`, secrets: [`${first}${rest}`] }));
const wechat = fc
  .tuple(fc.constantFrom('微信：', '加V ', 'vx: ', 'WeChat ID: '), fc.stringMatching(/^[a-z][a-z_]{4,12}[0-9]{1,3}$/))
  .map(([label, id]): Fragment => ({ text: label + id, secrets: [id] }));
const urlToken = fc
  .tuple(fc.constantFrom('token', 'access_token', 'sign', 'sessionId'), fc.stringMatching(/^[a-z]{3,8}[0-9]{3,8}$/))
  .map(([param, value]): Fragment => ({ text: `https://example.com/p?${param}=${value}&page=2`, secrets: [value] }));
const noise = fc
  .constantFrom('大家好', '今天的分享很精彩', '谢谢', '收到', '明天见', 'hello', 'thanks', '好的', '社群运营', '这个方法不错', '2024-01-01', 'v1.2.3', '第3期', '价格 ¥199', '20240101')
  .map((text): Fragment => ({ text, secrets: [] }));

const NAMES = ['张三', '张三丰', '李四', '王小明', '欧阳娜娜', 'Alice', 'Bob', 'Carol'];
const ROLES = ['owner', 'kol', 'member', 'member'] as const;

interface GeneratedCase {
  input: RedactCaseInput;
  secrets: string[];
  names: string[];
}

const caseArb: fc.Arbitrary<GeneratedCase> = fc
  .tuple(fc.shuffledSubarray(NAMES, { minLength: 1 }), fc.constantFrom<RedactCaseInput['locale']>('zh-CN', 'en'))
  .chain(([names, locale]) => {
    const participants = names.map((name, i): CaseParticipant => ({ key: `p${i}`, name, role: ROLES[i % ROLES.length]! }));
    const mention = fc.tuple(fc.constantFrom(...names), fc.boolean()).map(([n, at]): Fragment => ({ text: at ? `@${n}` : n, secrets: [] }));
    const fragment = fc.oneof(mobile, idNumber, card, email, qq, wechat, urlToken, noise, mention);
    const message = fc.tuple(fc.array(fragment, { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '，', '。', '\n'), fc.nat(names.length - 1));
    return fc.array(message, { minLength: 1, maxLength: 5 }).map((msgs): GeneratedCase => {
      const messages = msgs.map(([frags, sep, sender], i): CaseMessage => ({ id: `m${i}`, senderKey: `p${sender}`, text: frags.map((f) => f.text).join(sep) }));
      return { input: { messages, participants, locale }, secrets: msgs.flatMap(([frags]) => frags.flatMap((f) => f.secrets)), names };
    });
  });

const allIds = (r: RedactCaseResult) => new Set(r.messages.flatMap((m) => m.redactions.map((x) => x.id)));
const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

describe('redaction properties', () => {
  it('leaves no generated personal value and no participant name in the output', () => {
    fc.assert(
      fc.property(caseArb, ({ input, secrets, names }) => {
        const out = redactCase(input).messages.map((m) => lowerAscii(m.text)).join('\n');
        for (const s of secrets) expect(out).not.toContain(lowerAscii(s));
        for (const n of names) expect(out).not.toContain(lowerAscii(n));
      }),
      { numRuns: 300 },
    );
  });

  it('returns every input text unchanged when all redactions are disabled', () => {
    fc.assert(
      fc.property(caseArb, ({ input }) => {
        const r = redactCase({ ...input, disabled: allIds(redactCase(input)) });
        expect(r.messages.map((m) => m.text)).toEqual(input.messages.map((m) => m.text));
        expect(r.messages.every((m) => m.redactions.every((x) => !x.applied))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic, with unique ids and redactions that describe the output exactly', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), ({ input }, pick) => {
        const r = redactCase(input);
        expect(redactCase(input)).toEqual(r);
        const ids = [...allIds(r)];
        expect(ids.length).toBe(r.messages.reduce((n, m) => n + m.redactions.length, 0));
        // Disabling one redaction changes nothing else: same ids, the other replacements still applied.
        const off = ids.length > 0 ? ids[pick % ids.length]! : 'none';
        const partial = redactCase({ ...input, disabled: new Set([off]) });
        expect([...allIds(partial)]).toEqual(ids);
        input.messages.forEach((m, i) => {
          const out = partial.messages[i]!;
          let prevEnd = 0;
          for (const x of out.redactions) {
            expect(x.start).toBeGreaterThanOrEqual(prevEnd);
            prevEnd = x.end;
            expect(m.text.slice(x.start, x.end)).toBe(x.original);
            expect(x.applied).toBe(x.id !== off);
            expect(out.text.slice(x.outputStart, x.outputEnd)).toBe(x.applied ? x.replacement : x.original);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('finds nothing left to redact in redacted output', () => {
    fc.assert(
      fc.property(caseArb, ({ input, names }) => {
        for (const m of redactCase(input).messages) expect(detectPersonalData(m.text, { names })).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary text and returns in-bounds, ordered, non-overlapping findings', () => {
    const pieces = fc.constantFrom('1', '3', '8', '0', '6', '-', ' ', '@', 'a', 'Q', 'x', 'X', '.', '微信', '：', '+86', '１', '＠', 'https://a.cn/?', 'token=', '&', '#', '身份证', 'wxid_', '张三', '\u3000', '😀');
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.array(pieces, { maxLength: 60 }).map((p) => p.join('')));
    fc.assert(
      fc.property(text, (t) => {
        const found = detectPersonalData(t, { names: ['张三', 'a'] });
        let prevEnd = 0;
        for (const f of found) {
          expect(f.start).toBeGreaterThanOrEqual(prevEnd);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(t.length);
          expect(t.slice(f.start, f.end)).toBe(f.value);
          prevEnd = f.end;
        }
        const input: RedactCaseInput = { messages: [{ id: 'm', senderKey: 's', text: t }], participants: [{ key: 's', name: '张三', role: 'member' }], locale: 'zh-CN' };
        const redacted = redactCase(input);
        expect(redactCase({ ...input, disabled: allIds(redacted) }).messages[0]!.text).toBe(t);
      }),
      { numRuns: 500 },
    );
  });
});

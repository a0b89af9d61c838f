/**
 * Redaction for case-study archives. Operators curate group discussions into documents that are
 * shared outside the group, so personal details must go: phone numbers, e-mail addresses, QQ and
 * WeChat ids, ID-card and bank-card numbers, secrets carried in URLs, and member names (replaced by
 * role labels that stay the same across the whole case).
 *
 * Everything here is a pure function of its input (no clock, no I/O), so the editor can recompute
 * the redactions on every keystroke and get the same finding ids back: a finding's id is
 * `messageId:start:kind`, and the user switches a redaction off by passing its id in `disabled`.
 * Findings are computed without looking at `disabled`, so switching one off never makes other ids
 * appear or disappear.
 *
 * Detection works on a *folded* copy of the text in which full-width ASCII forms (`１３８`, `＠`,
 * `：`, `（）`), the ideographic space, the no-break space and typographic dashes become their ASCII
 * counterparts. Each of these is one UTF-16 unit on both sides, so offsets in the folded copy are
 * offsets in the original and the reported `value` is always the original substring. Full-width
 * digits are therefore detected: people type them (on purpose, to dodge platform filters, or from a
 * full-width IME mode) and they are just as personal.
 *
 * Precision choices, each one deliberate:
 *   - Numbers are only findings when they stand alone: no digit directly before or after, no
 *     ASCII letter or `_` glued on (`SF13812345678` is a waybill, `abc12345678` an id), except a
 *     contact word such as `Tel`, `vx` or `QQ` right before the digits. A number that is part of a
 *     dash or dot chain of digits (`2024-13812345678`, `3.13812345678`) is not a finding either.
 *   - Amounts are not phone or card numbers: a currency sign before (`¥13812345678`, `$…`) or a
 *     unit after (`元`, `块`, `万`, `美元` …) rules a number out. `¥13800000` has eight digits and no
 *     detector would take it anyway; the eleven-digit `¥13800000000` is what the rule is for.
 *   - A label that says the number is an order, waybill, invoice, serial … number (`订单号：`,
 *     `运单`, `order no.`) rules out the weakly validated kinds (phone without a country prefix, and
 *     bank cards, whose Luhn check passes for one random number in ten). ID-card numbers are not
 *     ruled out by it: their checksum, region and birth-date checks make a collision unlikely and a
 *     leaked ID number is the worst case.
 *   - Dates (`20240101`), times, version strings, IP addresses and Unix timestamps (10 or 13 digits,
 *     starting with 1) match no shape below; 11-digit numbers that do not start with 1[3-9] are not
 *     mobile numbers.
 *   - ID-card numbers: 18 digits (last may be X) with a valid ISO 7064 MOD 11-2 check digit, a
 *     known province code and a real calendar birth date between 1900 and 2099 (no clock is read,
 *     so "not in the future" is approximated by the fixed upper bound); the 15-digit pre-1999 form
 *     has no check digit and needs the province code and a real 19yy date. A bad checksum means
 *     "not an ID number", even after `身份证：` (the issue asks for it; the user can still edit).
 *   - Bank cards: 13–19 digits, continuous or in groups of four (and Amex 4-6-5), passing Luhn. Luhn
 *     alone accepts one number in ten, so without a card label (`卡号`, `银行卡`, `card` …) the
 *     number must also start with 3, 4, 5 or 6, which covers UnionPay (62), Visa, Mastercard, Amex,
 *     JCB, Discover and most Chinese debit cards, and excludes 13-digit millisecond timestamps
 *     (start with 1) and date-prefixed order numbers (start with 2). Old 9-prefixed cards
 *     (`9558…`) are found only with a card label.
 *   - QQ numbers (5–11 digits) need a QQ label right before (`QQ`, `扣扣`, `企鹅号`, `加Q`, `Q号`,
 *     `Q:`); `QQ群` numbers identify a group, not a person, and are kept. `12345@qq.com` is an
 *     e-mail address, not a QQ number (longest finding wins).
 *   - WeChat ids need a WeChat label (`微信`, `微信号`, `vx`, `wx`, `v信`, `加V`, `WeChat ID:` …) and
 *     the id shape (6–20 characters starting with a letter, then letters, digits, `_` or `-`), or
 *     are `wxid_…` anywhere. When the label is only followed by a space (`微信 xxx`) the id must
 *     contain a digit, `_` or `-`, so `微信 Official`/`WeChat payment` are left alone; with a
 *     colon, `是`, `号`, `is` or `加` (`微信：zhangsan`, `加微信zhangsan`) any id shape counts, except
 *     a short list of English words of instructions, which are skipped (`WeChat: please add alice_w`
 *     redacts `alice_w` only).
 *   - Phones: mainland mobiles (1[3-9] + 9 digits, grouped 3-4-4 by spaces or dashes, optional
 *     `+86`/`0086`/`(+86)`/`86` prefix), landlines with an area code (`010-12345678`,
 *     `(0755)8888-6666`, `+86 10 8888 6666`, extensions `转123`), numbers with an international
 *     prefix (`+852 9123 4567`, `+1 415-555-0123`: 8–15 digits in all), and 7–8 digit local or
 *     Hong Kong numbers only after a phone label (`电话：8888 6666`). Dots are not accepted as phone
 *     separators: they make version strings and IP addresses look like phones.
 *   - URLs are opaque to every other detector (a 16-digit product id in a path is not a card), and
 *     inside them only secrets are redacted: the value of query/fragment/`;` parameters named like
 *     token, access_token, key, sign(ature), secret, session(id), sid, code (alone or auth/sms/…
 *     code), ticket, auth, password/pwd, plus contact parameters (phone, mobile, email, openid), and
 *     the password of `user:password@host`. The rest of the URL stays so the link still reads.
 *   - Candidates that overlap (a run of digit groups read as a 19-digit card or as a card followed by
 *     a phone) are merged into one redaction rather than letting one of them win and leak the rest.
 *   - A value found with a label (a QQ number, a WeChat id, a labelled local phone number) is also
 *     redacted wherever it recurs, bounded, in the same case (`QQ：12345678 … 有事找12345678`), so a
 *     detected value never survives elsewhere in the document.
 *   - Names: every participant name and alias is replaced by the participant's label anywhere in
 *     the text, @-mentions included (`@张三` → `@成员A`), longest name first so `张三丰` is never
 *     `成员A丰`. Latin names match case-insensitively and only as whole words (`Ann` is not in
 *     `Annual`); Chinese has no word boundaries, so CJK names match anywhere (privacy first, and the
 *     user can switch a single replacement off). Single-character names match only right after
 *     `@`, otherwise every `琳` in the text would go. Names are replaced inside URLs too (a profile
 *     link naming the member is personal). Mentions of people who are not participants cannot be
 *     delimited reliably in Chinese text and are left to the user.
 * Not covered, on purpose: numbers written in Chinese numerals (`一三八…`), `a at b dot com`
 * spellings, and dotted phone numbers; they need a human eye and the editor shows the text.
 */

export type FindingKind = 'phone' | 'email' | 'qq' | 'wechat' | 'id-card' | 'bank-card' | 'url-token' | 'name';

/** One personal detail in a text; `start`/`end` are UTF-16 offsets, `value` the original substring. */
export interface Finding {
  kind: FindingKind;
  start: number;
  end: number;
  value: string;
}

export type RedactionLocale = 'zh-CN' | 'en';
export type ParticipantRole = 'owner' | 'kol' | 'member';

export interface CaseParticipant {
  key: string;
  name: string;
  aliases?: readonly string[];
  role: ParticipantRole;
}

export interface CaseMessage {
  id: string;
  senderKey: string;
  text: string;
}

export interface RedactCaseInput {
  messages: readonly CaseMessage[];
  participants: readonly CaseParticipant[];
  locale: RedactionLocale;
  /** Ids of redactions the user switched off: their original text is kept. */
  disabled?: ReadonlySet<string>;
}

export interface Redaction {
  /** `messageId:start:kind`, stable for the same input. */
  id: string;
  kind: FindingKind;
  original: string;
  replacement: string;
  /** Offsets in the original message text. */
  start: number;
  end: number;
  /** False when the id is in `disabled`: the original text is kept in the output. */
  applied: boolean;
  /** Offsets of the replacement (or of the kept original) in the redacted text, for highlighting. */
  outputStart: number;
  outputEnd: number;
}

export interface RedactedMessage {
  id: string;
  senderKey: string;
  senderLabel: string;
  text: string;
  redactions: Redaction[];
}

export interface RedactCaseResult {
  messages: RedactedMessage[];
  /** Participant key (and any unknown sender key) → label, e.g. `成员A`, `KOL`, `群主`. */
  labels: Record<string, string>;
}

export interface DetectOptions {
  /** Names (and aliases) to report as `name` findings. */
  names?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Folding

/** Length-preserving fold used for detection; see the header. */
function fold(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000\u00a0\u2010-\u2015\u2212\uffe5]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
    if (c === 0x3000 || c === 0x00a0) return ' ';
    if (c === 0xffe5) return '¥';
    return '-';
  });
}

/** ASCII-only lower-casing: `toLowerCase` may change the length of some non-ASCII characters. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Validators (exported for the editor and for tests)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** Province-level codes of the mainland, plus 71 (Taiwan), 81/82/83 (residence permits for HK, Macau, Taiwan) and 91 (foreigners). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
  71, 81, 82, 83, 91,
]);

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID-card number. */
export function chineseIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

/** 18 digits (X allowed last) with a valid checksum, or the 15-digit old form; region and birth date checked. Separators are ignored. */
export function isValidChineseId(raw: string): boolean {
  const s = raw.replace(/[ -]/g, '').toUpperCase();
  if (/^\d{17}[\dX]$/.test(s)) {
    if (!PROVINCES.has(Number(s.slice(0, 2)))) return false;
    if (!isRealDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
    return chineseIdCheckChar(s) === s[17];
  }
  if (/^\d{15}$/.test(s)) {
    if (!PROVINCES.has(Number(s.slice(0, 2)))) return false;
    return isRealDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
  }
  return false;
}

/** The Luhn (mod 10) check over the digits of `raw` (separators ignored). */
export function luhnValid(raw: string): boolean {
  const s = raw.replace(/[ -]/g, '');
  if (!/^\d+$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------------
// Context

interface Candidate {
  kind: FindingKind;
  start: number;
  end: number;
  /** Breaks ties between candidates of the same length: the more specific kind wins. */
  priority: number;
  /** Found thanks to a label: recurrences of the same value elsewhere in the case are redacted too. */
  learn?: boolean;
}

const PRIORITY: Record<FindingKind, number> = {
  'url-token': 90,
  email: 80,
  'id-card': 70,
  'bank-card': 60,
  qq: 50,
  wechat: 40,
  phone: 30,
  name: 10,
};

const CTX_WINDOW = 24;
const before = (f: string, start: number): string => f.slice(Math.max(0, start - CTX_WINDOW), start);

/** What may sit between a label and the value: `号码`, `no.`, then `:`, `=`, `是`, `为`, `is`. */
const TAIL = String.raw`\s*(?:号码?|账号|no\.?|number|id|#)?\s*(?:[:=#]|是|为|is)?\s*$`;

const ORDER_CTX = new RegExp(
  String.raw`(?:订单|单号|编号|流水|快递|运单|物流|工单|发票|批次|序列号|型号|交易号|条码|(?<![a-z])(?:order|tracking|invoice|serial|sku|ref|txn))` + TAIL,
  'i',
);
const PHONE_CTX = new RegExp(
  String.raw`(?:电话|手机|座机|固话|热线|联系方式|致电|拨打|来电|(?<![a-z])(?:tel|telephone|phone|mobile|call|whatsapp))` + TAIL,
  'i',
);
const CARD_CTX = new RegExp(
  String.raw`(?:银行卡|卡号|储蓄卡|信用卡|借记卡|银行账户|银行帐户|账号|帐号|收款|开户|(?<![a-z])(?:card|account))` + TAIL,
  'i',
);
// `QQ群` is deliberately absent: a group number is not a person's.
const QQ_CTX = new RegExp(String.raw`(?:(?<![a-z])qq|扣扣|企鹅号?|(?:加|\+)\s*q|(?<![a-z])q(?=\s*(?:号|[:=])))` + TAIL, 'i');
const WECHAT_KW = String.raw`(?:微信号?|威信|薇信|v信|微号|(?<![a-z])(?:vx|wx|weixin|wechat|v))`;
/** A label that unmistakably introduces an id: `加微信`, `微信：`, `微信号`, `WeChat ID`, `is`. */
const WECHAT_STRONG = new RegExp(
  String.raw`(?:(?:加|添加|\+|➕)\s*(?:微信号?|微|v信|vx|wx|v|weixin|wechat)\s*(?:号|id)?\s*(?:[:=]|是|为|is)?|` +
    WECHAT_KW +
    String.raw`\s*(?:号|id)?\s*(?:[:=]|是|为|is)|(?:微信号|vx号|wx号|(?<![a-z])wechat\s*id))\s*$`,
  'i',
);
const WECHAT_WEAK = new RegExp(WECHAT_KW + String.raw`\s*$`, 'i');

/** Latin words allowed directly before digits (`Tel13812345678`, `vx13812345678`). */
const CONTACT_WORDS = new Set(['tel', 'phone', 'mobile', 'mob', 'cell', 'call', 'whatsapp', 'v', 'vx', 'wx', 'q', 'qq']);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLatin = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);

/** A number stands alone: see the header. */
function standsAlone(f: string, start: number, end: number): boolean {
  const prev = f[start - 1];
  const next = f[end];
  if (isDigit(prev) || isDigit(next) || prev === '_' || next === '_' || isLatin(next)) return false;
  if (isLatin(prev)) {
    const word = /[A-Za-z]+$/.exec(f.slice(Math.max(0, start - 12), start))?.[0] ?? '';
    if (!CONTACT_WORDS.has(word.toLowerCase())) return false;
  }
  // Not commas: the folded full-width `，` separates list items (`13812345678，13987654321`).
  if ((prev === '-' || prev === '.') && isDigit(f[start - 2])) return false;
  if ((next === '-' || next === '.') && isDigit(f[end + 1])) return false;
  return true;
}

function looksLikeAmount(f: string, start: number, end: number): boolean {
  if (/[¥$€£]\s*$/.test(f.slice(Math.max(0, start - 3), start))) return true;
  return /^\s*(?:元|块|万|亿|円|美元|美金|港币|港元|rmb|cny|usd)/i.test(f.slice(end, end + 4));
}

// ---------------------------------------------------------------------------------------------
// Detectors. Each pushes candidates found in the folded text `f`.

/**
 * Every match, including those that start inside an earlier one: `matchAll` resumes after a match,
 * so a match that a later check rejects (a 16-digit run failing Luhn) would hide a valid one that
 * starts within it (the card that begins at its second group).
 */
function* everyMatch(re: RegExp, text: string): Generator<RegExpExecArray> {
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (let m = r.exec(text); m; m = r.exec(text)) {
    yield m;
    r.lastIndex = m.index + 1;
  }
}

// Not inside a word or an e-mail address: `a@www.example.cn` is an address, not a link.
const URL_RE = /(?<![A-Za-z0-9@._%+-])(?:https?:\/\/|www\.)[!#-;=?-~]+/gi;
const PARAM_RE = /[?&#;]([^=&#?;/]+)=([^&#;]*)/g;

const SENSITIVE_WHOLE = new Set([
  'token', 'accesstoken', 'refreshtoken', 'idtoken', 'key', 'apikey', 'appkey', 'secretkey', 'accesskey', 'sign', 'signature',
  'sig', 'secret', 'clientsecret', 'session', 'sessionid', 'sid', 'jsessionid', 'phpsessid', 'code', 'authcode', 'ticket', 'auth',
  'authorization', 'password', 'passwd', 'pwd', 'pass', 'phone', 'mobile', 'tel', 'email', 'idcard', 'openid', 'unionid',
]);
const SENSITIVE_LAST = new Set([
  'token', 'key', 'apikey', 'secret', 'signature', 'sig', 'sign', 'session', 'sessionid', 'sid', 'ticket', 'password', 'passwd',
  'pwd', 'auth', 'credential', 'credentials', 'phone', 'mobile', 'email', 'openid', 'unionid',
]);
/** `code` is too common a word (zip_code, lang_code) to be a secret unless it is qualified like this. */
const CODE_QUALIFIERS = new Set(['auth', 'oauth', 'sms', 'verify', 'verification', 'captcha', 'login']);

export function isSensitiveParam(name: string): boolean {
  const whole = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SENSITIVE_WHOLE.has(whole)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (SENSITIVE_LAST.has(last)) return true;
  return last === 'code' && words.length > 1 && CODE_QUALIFIERS.has(words[words.length - 2] ?? '');
}

function trimUrlEnd(url: string): string {
  let u = url;
  for (;;) {
    const last = u[u.length - 1];
    if (last === undefined) return u;
    const unbalanced = (open: string, close: string) => last === close && u.split(open).length < u.split(close).length;
    if (/[.,;:!?'*]/.test(last) || unbalanced('(', ')') || unbalanced('[', ']') || unbalanced('{', '}')) u = u.slice(0, -1);
    else return u;
  }
}

/**
 * Runs on the original text, not the folded one: a full-width `，` or `：` ends a URL in chat text,
 * and folded to ASCII it would glue the next sentence to the link.
 */
function detectUrls(text: string, out: Candidate[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrlEnd(m[0]);
    const s = m.index;
    ranges.push([s, s + url.length]);
    const scheme = url.indexOf('://');
    const authStart = scheme >= 0 ? scheme + 3 : 0;
    const rest = url.slice(authStart).search(/[/?#]/);
    const authEnd = rest < 0 ? url.length : authStart + rest;
    const authority = url.slice(authStart, authEnd);
    const at = authority.lastIndexOf('@');
    const colon = authority.indexOf(':');
    if (at > 0 && colon >= 0 && colon + 1 < at && !/^\*+$/.test(authority.slice(colon + 1, at))) {
      out.push({ kind: 'url-token', start: s + authStart + colon + 1, end: s + authStart + at, priority: PRIORITY['url-token'] });
    }
    const tail = url.slice(authEnd);
    for (const p of tail.matchAll(PARAM_RE)) {
      const [whole, name, value] = p;
      // `***` is what this module writes: redacting redacted text finds nothing new.
      if (!name || !value || /^\*+$/.test(value) || !isSensitiveParam(name)) continue;
      const end = s + authEnd + p.index + whole.length;
      out.push({ kind: 'url-token', start: end - value.length, end, priority: PRIORITY['url-token'] });
    }
  }
  return ranges;
}

const EMAIL_RE =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

function detectEmails(f: string, out: Candidate[]): void {
  for (const m of everyMatch(EMAIL_RE, f)) out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, priority: PRIORITY.email });
}

const ID18_RE = /(?<!\d)[1-9]\d{5}([ -]?)\d{8}\1\d{3}[\dXx](?![\dA-Za-z])/g;
const ID15_RE = /(?<!\d)[1-9]\d{14}(?!\d)/g;

function detectIdCards(f: string, out: Candidate[]): void {
  for (const m of everyMatch(ID18_RE, f)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isValidChineseId(m[0]) && standsAlone(f, start, end)) out.push({ kind: 'id-card', start, end, priority: PRIORITY['id-card'] });
  }
  for (const m of everyMatch(ID15_RE, f)) {
    const start = m.index;
    const end = start + m[0].length;
    // Below bank cards: the old form has no check digit, so a Luhn-valid card of 15 digits wins the tie.
    if (isValidChineseId(m[0]) && standsAlone(f, start, end)) out.push({ kind: 'id-card', start, end, priority: PRIORITY['bank-card'] - 5 });
  }
}

/** A run of digit groups joined by single spaces or dashes. */
const DIGIT_RUN_RE = /\d+(?:[ -]\d+)*/g;

/** Continuous, 4-4-4(-4)(-1..4), or Amex/Diners 4-6-5 and 4-6-4. */
function cardShape(lengths: readonly number[]): boolean {
  if (lengths.length === 1) return true;
  if (lengths.length === 3 && lengths[0] === 4 && lengths[1] === 6 && (lengths[2] === 5 || lengths[2] === 4)) return true;
  const last = lengths[lengths.length - 1] ?? 0;
  return lengths.length >= 3 && lengths.slice(0, -1).every((n) => n === 4) && last >= 1 && last <= 4;
}

/**
 * Every card-shaped stretch of every run of digit groups is a candidate, not only the longest:
 * `6200 3000 0000 0100 005 13000000000` is a 19-digit card and a phone, and the regex's single
 * greedy guess could be the wrong one. Overlapping survivors are merged by `resolve`.
 */
function detectBankCards(f: string, out: Candidate[]): void {
  for (const run of f.matchAll(DIGIT_RUN_RE)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => ({ start: run.index + g.index, end: run.index + g.index + g[0].length }));
    for (let a = 0; a < groups.length; a++) {
      for (let b = a; b < groups.length && b < a + 5; b++) {
        const start = groups[a]!.start;
        const end = groups[b]!.end;
        const text = f.slice(start, end);
        const digits = text.replace(/[ -]/g, '');
        if (digits.length > 19) break;
        if (digits.length < 13 || (/-/.test(text) && / /.test(text))) continue; // one kind of separator
        if (!cardShape(groups.slice(a, b + 1).map((g) => g.end - g.start)) || !luhnValid(digits)) continue;
        if (!standsAlone(f, start, end) || looksLikeAmount(f, start, end)) continue;
        const ctx = before(f, start);
        const labelled = CARD_CTX.test(ctx);
        if (!labelled && (!/^[3-6]/.test(digits) || ORDER_CTX.test(ctx))) continue;
        out.push({ kind: 'bank-card', start, end, priority: PRIORITY['bank-card'] });
      }
    }
  }
}

const MOBILE_RE = /(?<!\d)(?:((?:\+|00) ?86[ -]?|\(\+?86\) ?)|86(?=1[3-9]\d{9}(?!\d)))?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g;
const AREA = String.raw`(?:10|2\d|[3-9]\d{2})`;
const LANDLINE_RE = new RegExp(
  String.raw`(?<!\d)(?:((?:\+|00)86[ -]?)(?:\(0?${AREA}\)|0?${AREA})|\(0${AREA}\)|0${AREA})([ -]?)[1-9]\d{2,3}[ -]?\d{4}(?:(?:转|ext\.? ?|-)\d{1,5})?(?!\d)`,
  'g',
);
/** Country code, an optional `(area)`, then digit groups; only the first group may be glued to the code. */
const INTL_RE = /(?<![\d+])(?:\+|00(?=85[23]|886))(?!86)\d{1,3}(?:[ -]?\(\d{1,4}\))?[ -]?\d{2,}(?:[ -]\d{2,}){0,5}(?!\d)/g;
const LOCAL_RE = /(?<!\d)[2-9]\d{2,3}[ -]?\d{4}(?!\d)/g;

function detectPhones(f: string, out: Candidate[]): void {
  const push = (start: number, end: number, prefixed: boolean, learn = false) => {
    if (!standsAlone(f, start, end) || looksLikeAmount(f, start, end)) return;
    if (!prefixed && ORDER_CTX.test(before(f, start))) return;
    out.push({ kind: 'phone', start, end, priority: PRIORITY.phone, ...(learn ? { learn } : {}) });
  };
  for (const m of everyMatch(MOBILE_RE, f)) push(m.index, m.index + m[0].length, m[1] !== undefined);
  for (const m of everyMatch(LANDLINE_RE, f)) {
    const prefixed = m[1] !== undefined;
    // `01012345678` without a separator or parentheses could be any code: it needs a phone label.
    const separated = m[2] !== '' || m[0].startsWith('(') || prefixed;
    if (!separated && !PHONE_CTX.test(before(f, m.index))) continue;
    push(m.index, m.index + m[0].length, prefixed);
  }
  for (const m of everyMatch(INTL_RE, f)) {
    // The longest prefix ending with a group that has 8–15 digits (E.164 allows 15): the last groups
    // may be the next number in the sentence (`+852 9123 4567 13800138000`).
    const skip = m[0].startsWith('00') ? 2 : 0;
    let count = 0;
    let best = 0;
    for (let i = 0; i < m[0].length; i++) {
      if (!isDigit(m[0][i])) continue;
      count++;
      if (!isDigit(m[0][i + 1]) && count - skip >= 8 && count - skip <= 15) best = i + 1;
    }
    if (best > 0) push(m.index, m.index + best, true);
  }
  for (const m of everyMatch(LOCAL_RE, f)) {
    if (PHONE_CTX.test(before(f, m.index))) push(m.index, m.index + m[0].length, false, true);
  }
}

const QQ_RE = /(?<!\d)[1-9]\d{4,10}(?!\d)/g;

function detectQq(f: string, out: Candidate[]): void {
  for (const m of everyMatch(QQ_RE, f)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!QQ_CTX.test(before(f, start)) || !standsAlone(f, start, end)) continue;
    out.push({ kind: 'qq', start, end, priority: PRIORITY.qq, learn: true });
  }
}

const WXID_RE = /(?<![A-Za-z0-9_-])wxid_[A-Za-z0-9_-]{4,30}(?![A-Za-z0-9_-])/gi;
const WECHAT_RE = /(?<![A-Za-z0-9_-])[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-]|[@.][A-Za-z0-9])/g;
/** English words that follow `WeChat:` in instructions (`WeChat: search alice_w`), never ids themselves. */
const NOT_WECHAT_IDS = new Set([
  'please', 'search', 'contact', 'message', 'account', 'official', 'payment', 'groups', 'follow', 'private', 'direct', 'number',
  'channel', 'moments', 'friend', 'friends', 'thanks', 'scan', 'same', 'below', 'above', 'add', 'mini', 'program',
]);
const INSTRUCTION_TAIL = new RegExp(String.raw`(?:(?<![a-z])(?:${[...NOT_WECHAT_IDS, 'me', 'us', 'via'].join('|')})\s+)+$`, 'i');

function detectWechat(f: string, out: Candidate[]): void {
  for (const m of everyMatch(WXID_RE, f)) out.push({ kind: 'wechat', start: m.index, end: m.index + m[0].length, priority: PRIORITY.wechat, learn: true });
  for (const m of everyMatch(WECHAT_RE, f)) {
    if (NOT_WECHAT_IDS.has(m[0].toLowerCase())) continue;
    // `WeChat: please add alice_w`: the instruction words between label and id are skipped.
    const ctx = before(f, m.index).replace(INSTRUCTION_TAIL, '');
    const ok = WECHAT_STRONG.test(ctx) || (WECHAT_WEAK.test(ctx) && /[\d_-]/.test(m[0]));
    if (ok) out.push({ kind: 'wechat', start: m.index, end: m.index + m[0].length, priority: PRIORITY.wechat, learn: true });
  }
}

interface NameEntry {
  /** Folded, ASCII-lower-cased. */
  key: string;
  single: boolean;
  latinStart: boolean;
  latinEnd: boolean;
}

function nameEntries(names: readonly string[]): NameEntry[] {
  const seen = new Set<string>();
  const out: NameEntry[] = [];
  for (const raw of names) {
    const key = asciiLower(fold(raw.trim()));
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ key, single: [...key].length < 2, latinStart: /^[a-z0-9]/.test(key), latinEnd: /[a-z0-9]$/.test(key) });
  }
  // Longest first; overlap resolution also prefers the longest, this only keeps the scan order stable.
  return out.sort((a, b) => b.key.length - a.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function detectNames(lower: string, names: readonly NameEntry[], out: Candidate[]): void {
  const word = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);
  for (const n of names) {
    for (let i = lower.indexOf(n.key); i >= 0; i = lower.indexOf(n.key, i + 1)) {
      const end = i + n.key.length;
      if (n.single && lower[i - 1] !== '@') continue;
      if (n.latinStart && word(lower[i - 1])) continue;
      if (n.latinEnd && word(lower[end])) continue;
      out.push({ kind: 'name', start: i, end, priority: PRIORITY.name });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scanning

const better = (a: Candidate, b: Candidate) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start;

/**
 * Overlapping non-name candidates become one redaction: they disagree about where a number ends
 * (`4000 0000 0000 1000 130-0000-0000` is a 19-digit grouped card or a card and a phone), and keeping
 * only one of them would leak the rest of the other. The best candidate (longest, then most
 * specific) names the kind, the union gives the span. Names then compete with these: longest first
 * (`张三丰` before `张三`), a name never splits a number.
 */
function resolve(cands: Candidate[], length: number): Candidate[] {
  const structural = cands.filter((c) => c.kind !== 'name').sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  const flush = () => {
    const best = [...cluster].sort(better)[0];
    const first = cluster[0];
    if (!best || !first) return;
    const exact = best.start === first.start && best.end === clusterEnd;
    const { learn: _learn, ...rest } = best;
    merged.push({ ...rest, start: first.start, end: clusterEnd, ...(exact && best.learn ? { learn: true } : {}) });
  };
  for (const c of structural) {
    if (c.start < clusterEnd) {
      cluster.push(c);
      clusterEnd = Math.max(clusterEnd, c.end);
    } else {
      flush();
      cluster = [c];
      clusterEnd = c.end;
    }
  }
  flush();
  // An occupancy map instead of pairwise overlap tests: a long message can hold thousands of findings.
  const taken = new Uint8Array(length);
  const kept: Candidate[] = [];
  for (const c of [...merged, ...cands.filter((n) => n.kind === 'name')].sort(better)) {
    if (taken.subarray(c.start, c.end).includes(1)) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

interface Scanned {
  f: string;
  lower: string;
  urls: [number, number][];
  cands: Candidate[];
}

function firstPass(text: string, names: readonly NameEntry[]): Scanned {
  const f = fold(text);
  const lower = asciiLower(f);
  const structural: Candidate[] = [];
  const urlTokens: Candidate[] = [];
  const urls = detectUrls(text, urlTokens);
  detectEmails(f, structural);
  detectIdCards(f, structural);
  detectBankCards(f, structural);
  detectPhones(f, structural);
  detectQq(f, structural);
  detectWechat(f, structural);
  const outsideUrls = structural.filter((c) => !urls.some(([s, e]) => c.start < e && s < c.end));
  const cands = [...urlTokens, ...outsideUrls];
  detectNames(lower, names, cands);
  return { f, lower, urls, cands };
}

/** Key of a learned value: digits only for numbers (`8888 6666` recurs as `88886666`), the lower-cased id for WeChat. */
const learnKey = (kind: FindingKind, lowerValue: string): string => (kind === 'wechat' ? `w:${lowerValue}` : `d:${lowerValue.replace(/\D/g, '')}`);

/**
 * Recurrences of values found with a label elsewhere in the case (see the header). Tokens of the
 * text are looked up in the learned set, so the cost does not grow with the number of learned values.
 */
function secondPass(s: Scanned, learned: ReadonlyMap<string, FindingKind>): void {
  const push = (kind: FindingKind, start: number, end: number) => {
    if (!s.urls.some(([a, b]) => start < b && a < end)) s.cands.push({ kind, start, end, priority: PRIORITY[kind] - 1 });
  };
  for (const run of s.f.matchAll(DIGIT_RUN_RE)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => ({ start: run.index + g.index, end: run.index + g.index + g[0].length }));
    for (let a = 0; a < groups.length; a++) {
      for (let b = a; b < groups.length && b < a + 3; b++) {
        const start = groups[a]!.start;
        const end = groups[b]!.end;
        const kind = learned.get(learnKey('phone', s.f.slice(start, end)));
        if (!kind || !standsAlone(s.f, start, end) || looksLikeAmount(s.f, start, end) || ORDER_CTX.test(before(s.f, start))) continue;
        push(kind, start, end);
      }
    }
  }
  for (const w of s.lower.matchAll(/[a-z0-9_-]+/g)) {
    const kind = learned.get(learnKey('wechat', w[0]));
    if (kind) push(kind, w.index, w.index + w[0].length);
  }
}

function scan(texts: readonly string[], names: readonly string[]): Finding[][] {
  const entries = nameEntries(names);
  const scanned = texts.map((t) => firstPass(t, entries));
  const learned = new Map<string, FindingKind>();
  for (const s of scanned) {
    for (const c of resolve(s.cands, s.f.length)) if (c.learn) learned.set(learnKey(c.kind, s.lower.slice(c.start, c.end)), c.kind);
  }
  return scanned.map((s, i) => {
    if (learned.size > 0) secondPass(s, learned);
    const text = texts[i] ?? '';
    return resolve(s.cands, s.f.length).map((c) => ({ kind: c.kind, start: c.start, end: c.end, value: text.slice(c.start, c.end) }));
  });
}

/** Personal details in one text: non-overlapping, in text order; the longest (then most specific) finding wins. */
export function detectPersonalData(text: string, options: DetectOptions = {}): Finding[] {
  return scan([text], options.names ?? [])[0] ?? [];
}

// ---------------------------------------------------------------------------------------------
// Replacement texts and labels

const PLACEHOLDERS: Record<RedactionLocale, Record<Exclude<FindingKind, 'name'> | 'mobile', string>> = {
  'zh-CN': {
    mobile: '[手机号]',
    phone: '[电话]',
    email: '[邮箱]',
    qq: '[QQ号]',
    wechat: '[微信号]',
    'id-card': '[身份证号]',
    'bank-card': '[银行卡号]',
    'url-token': '***',
  },
  en: {
    mobile: '[phone]',
    phone: '[phone]',
    email: '[email]',
    qq: '[QQ]',
    wechat: '[WeChat ID]',
    'id-card': '[ID number]',
    'bank-card': '[bank card]',
    'url-token': '***',
  },
};

/** The placeholder for a finding that is not a name: a mainland mobile reads `[手机号]`, other phones `[电话]`. */
export function placeholderFor(kind: Exclude<FindingKind, 'name'>, value: string, locale: RedactionLocale): string {
  const table = PLACEHOLDERS[locale];
  if (kind === 'phone') {
    const v = fold(value);
    // `+1 415 555 0123` has eleven digits starting with 14: only a +86 (or no) prefix makes a mainland mobile.
    if (/^\s*(?:\+|00)(?!\s?86)/.test(v)) return table.phone;
    const digits = v.replace(/\D/g, '').replace(/^(?:00)?86(?=1[3-9]\d{9}$)/, '');
    return /^1[3-9]\d{9}$/.test(digits) ? table.mobile : table.phone;
  }
  return table[kind];
}

const ROLE_BASE: Record<RedactionLocale, Record<ParticipantRole, string>> = {
  'zh-CN': { member: '成员', kol: 'KOL', owner: '群主' },
  en: { member: 'Member', kol: 'KOL', owner: 'Owner' },
};

/** A, B, … Z, AA, AB, …: bijective base 26, like spreadsheet columns. */
export function letterSequence(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function joinLabel(base: string, suffix: string, locale: RedactionLocale): string {
  return locale === 'en' || /[A-Za-z]$/.test(base) ? `${base} ${suffix}` : `${base}${suffix}`;
}

/**
 * Labels in order of first appearance as a sender, then the remaining participants in the order
 * given, so 成员A is the first member to speak. Members are always lettered; a single KOL or owner
 * is just `KOL`/`群主`, several are lettered too (`KOL A`, `群主B`) so that no two people share a label.
 */
function assignLabels(input: RedactCaseInput): Map<string, string> {
  const byKey = new Map<string, CaseParticipant>();
  for (const p of input.participants) if (!byKey.has(p.key)) byKey.set(p.key, p);
  const order: string[] = [];
  const seen = new Set<string>();
  const add = (key: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      order.push(key);
    }
  };
  for (const m of input.messages) add(m.senderKey);
  for (const p of input.participants) add(p.key);
  const roleOf = (key: string): ParticipantRole => byKey.get(key)?.role ?? 'member';
  const totals: Record<ParticipantRole, number> = { member: 0, kol: 0, owner: 0 };
  for (const key of order) totals[roleOf(key)]++;
  const next: Record<ParticipantRole, number> = { member: 0, kol: 0, owner: 0 };
  const labels = new Map<string, string>();
  for (const key of order) {
    const role = roleOf(key);
    const base = ROLE_BASE[input.locale][role];
    const n = next[role]++;
    labels.set(key, role !== 'member' && totals[role] === 1 ? base : joinLabel(base, letterSequence(n), input.locale));
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------
// Cases

/** Redacts every message of a case; see the header for what is found and why. */
export function redactCase(input: RedactCaseInput): RedactCaseResult {
  const labels = assignLabels(input);
  const nameToKey = new Map<string, string>();
  const names: string[] = [];
  for (const p of input.participants) {
    for (const n of [p.name, ...(p.aliases ?? [])]) {
      const key = asciiLower(fold(n.trim()));
      if (!key) continue;
      // Two participants with the same name: the first one listed gets the mentions.
      if (!nameToKey.has(key)) nameToKey.set(key, p.key);
      names.push(n);
    }
  }
  const findings = scan(
    input.messages.map((m) => m.text),
    names,
  );
  const disabled = input.disabled ?? new Set<string>();
  const messages = input.messages.map((m, i): RedactedMessage => {
    let text = '';
    let cursor = 0;
    const redactions: Redaction[] = [];
    for (const f of findings[i] ?? []) {
      const id = `${m.id}:${f.start}:${f.kind}`;
      const replacement =
        f.kind === 'name'
          ? (labels.get(nameToKey.get(asciiLower(fold(f.value))) ?? '') ?? f.value)
          : placeholderFor(f.kind, f.value, input.locale);
      const applied = !disabled.has(id);
      text += m.text.slice(cursor, f.start);
      const outputStart = text.length;
      text += applied ? replacement : f.value;
      redactions.push({ id, kind: f.kind, original: f.value, replacement, start: f.start, end: f.end, applied, outputStart, outputEnd: text.length });
      cursor = f.end;
    }
    text += m.text.slice(cursor);
    return { id: m.id, senderKey: m.senderKey, senderLabel: labels.get(m.senderKey) ?? '', text, redactions };
  });
  return { messages, labels: Object.fromEntries(labels) };
}

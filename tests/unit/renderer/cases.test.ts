/** The case archive's pure pieces and stores: list requests, redaction spans, order, tags, consent, and the stores' calls. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../../helpers/fake-api';
import type { CaseDto, CaseMessageDto, CaseRedactionDto, CaseSummaryDto, MissingConsentDto } from '../../../shared/api/cases';
import { en } from '../../../renderer/i18n/en';
import { zhCN } from '../../../renderer/i18n/zh-CN';

const fake = createFakeApi();
vi.mock('../../../renderer/lib/api/client', () => ({ getApi: () => fake }));

const sel = await import('../../../renderer/store/cases/selectors');
const { useCaseEditorStore } = await import('../../../renderer/store/cases/editor.store');
const { useCaseListStore } = await import('../../../renderer/store/cases/list.store');
const { useCasePickStore } = await import('../../../renderer/store/cases/pick.store');

const red = (over: Partial<CaseRedactionDto>): CaseRedactionDto => ({
  id: 'r',
  kind: 'phone',
  original: '13812345678',
  replacement: '[手机号]',
  start: 0,
  end: 0,
  applied: true,
  outputStart: 0,
  outputEnd: 0,
  ...over,
});

const message = (id: number, over: Partial<CaseMessageDto> = {}): CaseMessageDto => ({
  messageId: id,
  position: id,
  hidden: false,
  sourceDeleted: false,
  sender: { memberId: 10 + id, name: `成员${id}`, label: '成员A' },
  sentAt: new Date(Date.UTC(2026, 0, 1, 12, id)).toISOString(),
  kind: 'text',
  originalText: `消息 ${id}`,
  trimmedText: null,
  redactedText: `消息 ${id}`,
  redactions: [],
  annotation: '',
  redactedAnnotation: { text: '', redactions: [] },
  attachments: [],
  ...over,
});

const summary = (id: number, over: Partial<CaseSummaryDto> = {}): CaseSummaryDto => ({
  id,
  title: `案例 ${id}`,
  summary: '',
  tags: { product: [], pain: [], outcome: [] },
  groupId: 1,
  groupName: '北京运营交流群',
  firstAt: '2026-01-01T12:00:00.000Z',
  lastAt: '2026-01-01T12:30:00.000Z',
  createdAt: '2026-01-02T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  messageCount: 3,
  participantCount: 2,
  consent: 'pending',
  ...over,
});

const caseOf = (id: number, messageIds: number[], over: Partial<CaseDto> = {}): CaseDto => ({
  ...summary(id),
  redactedTitle: { text: `案例 ${id}`, redactions: [] },
  redactedSummary: { text: '', redactions: [] },
  messages: messageIds.map((m, i) => message(m, { position: i })),
  participants: [],
  missingConsent: [],
  ...over,
});

const missing = (memberId: number, label: string, name: string, caseId = 1): MissingConsentDto => ({ caseId, memberId, label, name, consent: 'asked' });

/** Lets queued promise callbacks run. */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

afterEach(() => {
  expect(fake.pending.map((p) => p.method)).toEqual([]);
});

describe('list requests from filters', () => {
  it('leaves unset filters out and maps the rest', () => {
    expect(sel.toListRequest(sel.EMPTY_CASE_FILTERS)).toEqual({ cursor: null, limit: 100 });
    const f = { query: '  发言率 ', tag: { kind: 'outcome' as const, tag: '发言率 6%→31%' }, groupId: 3, consent: 'pending' as const, range: ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'] as [string, string] };
    expect(sel.toListRequest(f, 'c1', 50)).toEqual({
      cursor: 'c1',
      limit: 50,
      query: '发言率',
      tag: '发言率 6%→31%',
      tagKind: 'outcome',
      groupId: 3,
      consent: 'pending',
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-02-01T00:00:00.000Z',
    });
    expect(sel.hasCaseFilters(sel.EMPTY_CASE_FILTERS)).toBe(false);
    expect(sel.hasCaseFilters({ ...sel.EMPTY_CASE_FILTERS, query: '   ' })).toBe(false);
    expect(sel.hasCaseFilters({ ...sel.EMPTY_CASE_FILTERS, consent: 'declined' })).toBe(true);
  });

  it('keeps a tag and its kind in one select value, colons included', () => {
    expect(sel.parseTagValue(sel.tagValue('pain', 'A:B'))).toEqual({ kind: 'pain', tag: 'A:B' });
    expect(sel.parseTagValue('other:x')).toBeNull();
    expect(sel.parseTagValue('product:')).toBeNull();
    expect(sel.parseTagValue(undefined)).toBeNull();
  });
});

describe('redaction spans', () => {
  const text = '电话 [手机号]，邮箱 a@b.cn，找成员A';
  const phone = red({ id: 'p', outputStart: 3, outputEnd: 8 });
  const email = red({ id: 'e', kind: 'email', original: 'a@b.cn', replacement: '[邮箱]', applied: false, outputStart: 12, outputEnd: 18 });
  const name = red({ id: 'n', kind: 'name', original: '王芳', replacement: '成员A', outputStart: 20, outputEnd: 23 });

  it('cuts the redacted text at each redaction, in order, whatever order they come in', () => {
    const spans = sel.redactionSpans(text, [name, email, phone]);
    expect(spans.map((s) => [s.text, s.redaction?.id ?? null])).toEqual([
      ['电话 ', null],
      ['[手机号]', 'p'],
      ['，邮箱 ', null],
      ['a@b.cn', 'e'],
      ['，找', null],
      ['成员A', 'n'],
    ]);
    expect(spans.map((s) => s.text).join('')).toBe(text);
    expect(spans[3]!.redaction!.applied).toBe(false);
  });

  it('never draws a redaction twice or outside the text', () => {
    const overlapping = red({ id: 'x', outputStart: 5, outputEnd: 15 });
    const past = red({ id: 'y', outputStart: 20, outputEnd: 99 });
    const empty = red({ id: 'z', outputStart: 2, outputEnd: 2 });
    const spans = sel.redactionSpans(text, [phone, overlapping, past, empty]);
    expect(spans.filter((s) => s.redaction).map((s) => s.redaction!.id)).toEqual(['p', 'y']);
    expect(spans.map((s) => s.text).join('')).toBe(text);
    expect(spans.at(-1)!.text).toBe(text.slice(20));
  });

  it('gives one plain span for a text without redactions, even an empty one', () => {
    expect(sel.redactionSpans('你好', [])).toEqual([{ text: '你好', redaction: null }]);
    expect(sel.redactionSpans('', [])).toEqual([{ text: '', redaction: null }]);
  });

  it('counts the redactions that are on and off across messages, notes, title and summary', () => {
    const c = caseOf(1, [1, 2], {
      redactedTitle: { text: 't', redactions: [red({ id: 't' })] },
      messages: [message(1, { redactions: [phone, email] }), message(2, { redactedAnnotation: { text: 'n', redactions: [red({ id: 'a', applied: false })] } })],
    });
    expect(sel.redactionCounts(c)).toEqual({ applied: 2, off: 2 });
  });
});

describe('message order and tags', () => {
  it('moves by drag and by one place', () => {
    expect(sel.moveTo([1, 2, 3, 4], 3, 0)).toEqual([4, 1, 2, 3]);
    expect(sel.moveTo([1, 2, 3], 0, 9)).toEqual([1, 2, 3]);
    expect(sel.moveBy([1, 2, 3], 3, -1)).toEqual([1, 3, 2]);
    expect(sel.moveBy([1, 2, 3], 1, -1)).toBeNull();
    expect(sel.moveBy([1, 2, 3], 3, 1)).toBeNull();
    expect(sel.moveBy([1, 2, 3], 7, 1)).toBeNull();
  });

  it('cleans typed tags: trimmed, cut to 40, no blanks or repeats, at most 20', () => {
    expect(sel.cleanTags([' 选品 ', '', '选品', 'x'.repeat(50)])).toEqual(['选品', 'x'.repeat(40)]);
    expect(sel.cleanTags(Array.from({ length: 30 }, (_, i) => `t${i}`))).toHaveLength(20);
    expect(sel.withTags({ product: ['a'], pain: [], outcome: [] }, 'pain', ['痛点', '痛点'])).toEqual({ product: ['a'], pain: ['痛点'], outcome: [] });
  });

  it('suggests the most used tags of a kind first', () => {
    const all = [
      { kind: 'pain' as const, tag: '差评', count: 1 },
      { kind: 'pain' as const, tag: '物流延误', count: 3 },
      { kind: 'product' as const, tag: '选品', count: 9 },
    ];
    expect(sel.tagSuggestions(all, 'pain')).toEqual(['物流延误', '差评']);
  });
});

describe('consent and exports', () => {
  it('names who is missing once per case and person', () => {
    expect(sel.missingConsentText([missing(1, '成员A', '王芳'), missing(1, '成员A', '王芳'), missing(2, 'KOL', '李雷')])).toBe('成员A（王芳）、KOL（李雷）');
  });

  it('warns, refuses by setting, or lets the export go', () => {
    expect(sel.exportGate([], true)).toEqual({ kind: 'ok' });
    expect(sel.exportGate([missing(1, '成员A', '王芳')], false)).toEqual({ kind: 'warn', who: '成员A（王芳）' });
    expect(sel.exportGate([missing(1, '成员A', '王芳')], true)).toEqual({ kind: 'refuse', who: '成员A（王芳）' });
  });

  it('builds the book request from ticked cases (in list order) or a tag', () => {
    expect(sel.checkedInOrder([summary(5), summary(3), summary(9)], new Set([9, 5, 42]))).toEqual([5, 9]);
    expect(sel.bookRequest({ ids: [5, 9] }, 'pdf', '  ')).toEqual({ ids: [5, 9], format: 'pdf' });
    expect(sel.bookRequest({ tag: '选品' }, 'html', ' 2026 案例集 ')).toEqual({ tag: '选品', format: 'html', title: '2026 案例集' });
  });
});

describe('the case editor store', () => {
  beforeEach(() => useCaseEditorStore.getState().close());

  it('opens a case, and a slow answer for a case opened before is dropped', async () => {
    const s = useCaseEditorStore.getState();
    void s.open(1);
    void s.open(2);
    const [a, b] = [fake.take('cases.get'), fake.take('cases.get')];
    b.resolve(caseOf(2, [1]));
    a.resolve(caseOf(1, [1]));
    await flush();
    expect(useCaseEditorStore.getState().case?.id).toBe(2);
    expect(useCaseEditorStore.getState().loading).toBe(false);
  });

  it('sends changes one after another, each from the case the one before left', async () => {
    void useCaseEditorStore.getState().open(7);
    fake.take('cases.get').resolve(caseOf(7, [1, 2, 3]));
    await flush();
    const first = useCaseEditorStore.getState().move(3, -1);
    const second = useCaseEditorStore.getState().move(3, -1);
    await flush();
    // Only the first is on its way; the second waits for its answer.
    expect(fake.count('cases.reorderMessages')).toBe(1);
    const a = fake.take('cases.reorderMessages');
    expect(a.req).toEqual({ id: 7, messageIds: [1, 3, 2] });
    a.resolve(caseOf(7, [1, 3, 2]));
    await first;
    await flush();
    const b = fake.take('cases.reorderMessages');
    expect(b.req).toEqual({ id: 7, messageIds: [3, 1, 2] });
    b.resolve(caseOf(7, [3, 1, 2]));
    await second;
    expect(useCaseEditorStore.getState().case!.messages.map((m) => m.messageId)).toEqual([3, 1, 2]);
    expect(useCaseEditorStore.getState().saving).toBe(false);
    // Already at the top: nothing to send.
    await useCaseEditorStore.getState().move(3, -1);
    expect(fake.count('cases.reorderMessages')).toBe(0);
  });

  it('reports a failed change to its caller and goes on with the next', async () => {
    void useCaseEditorStore.getState().open(7);
    fake.take('cases.get').resolve(caseOf(7, [1, 2]));
    await flush();
    const off = useCaseEditorStore.getState().setRedaction('1:3:phone', false);
    const hide = useCaseEditorStore.getState().editMessage(2, { hidden: true });
    await flush();
    const a = fake.take('cases.setRedaction');
    expect(a.req).toEqual({ id: 7, findingId: '1:3:phone', applied: false });
    a.reject(new Error('案例不存在'));
    await expect(off).rejects.toThrow('案例不存在');
    await flush();
    const b = fake.take('cases.editMessage');
    expect(b.req).toEqual({ id: 7, messageId: 2, hidden: true });
    b.resolve(caseOf(7, [1, 2], { title: '改过' }));
    await hide;
    expect(useCaseEditorStore.getState().case!.title).toBe('改过');
  });

  it('sends consent with its date and note, and exports to a download', async () => {
    void useCaseEditorStore.getState().open(7);
    fake.take('cases.get').resolve(caseOf(7, [1]));
    await flush();
    const consent = useCaseEditorStore.getState().setConsent(11, 'granted', { at: null, note: '私聊同意' });
    await flush();
    const c = fake.take('cases.setConsent');
    expect(c.req).toEqual({ id: 7, memberId: 11, consent: 'granted', at: null, note: '私聊同意' });
    c.resolve(caseOf(7, [1]));
    await consent;

    const before = fake.downloads.length;
    const exported = useCaseEditorStore.getState().export('html');
    await flush();
    const e = fake.take('cases.export');
    expect(e.req).toEqual({ id: 7, format: 'html' });
    e.resolve({ fileId: 'f1', name: '案例 7.html', bytes: 10, missingConsent: [], missingImages: [] });
    await exported;
    expect(fake.downloads.slice(before)).toEqual([{ fileId: 'f1', name: '案例 7.html' }]);
  });
});

describe('the archive list store', () => {
  beforeEach(() => {
    useCaseListStore.setState({ filters: sel.EMPTY_CASE_FILTERS, items: [], checked: new Set(), next: null, loaded: false });
  });

  it('searches after a pause, and an older answer never replaces a newer list', async () => {
    vi.useFakeTimers();
    try {
      const s = useCaseListStore.getState();
      s.setQuery('发');
      s.setQuery('发言率');
      vi.advanceTimersByTime(299);
      expect(fake.count('cases.list')).toBe(0);
      vi.advanceTimersByTime(1);
      const search = fake.take('cases.list');
      expect(search.req).toEqual({ cursor: null, limit: 100, query: '发言率' });
      s.setFilters({ consent: 'granted' });
      const filtered = fake.take('cases.list');
      expect(filtered.req).toEqual({ cursor: null, limit: 100, query: '发言率', consent: 'granted' });
      filtered.resolve({ items: [summary(2, { consent: 'granted' })], next: null });
      search.resolve({ items: [summary(1)], next: null });
      await flush();
      expect(useCaseListStore.getState().items.map((c) => c.id)).toEqual([2]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('pages on with the cursor, deleting drops the case and its tick, a book goes in list order', async () => {
    const s = useCaseListStore.getState();
    void s.load();
    fake.take('cases.list').resolve({ items: [summary(3), summary(2)], next: 'n1' });
    await flush();
    void useCaseListStore.getState().loadMore();
    const more = fake.take('cases.list');
    expect((more.req as { cursor: string }).cursor).toBe('n1');
    more.resolve({ items: [summary(2), summary(1)], next: null });
    await flush();
    expect(useCaseListStore.getState().items.map((c) => c.id)).toEqual([3, 2, 1]);

    useCaseListStore.getState().toggleChecked(1);
    useCaseListStore.getState().toggleChecked(3);
    const book = useCaseListStore.getState().exportBook({ ids: [...useCaseListStore.getState().checked] }, 'pdf');
    const call = fake.take('cases.exportBook');
    expect(call.req).toEqual({ ids: [3, 1], format: 'pdf' });
    call.resolve({ fileId: 'b1', name: '案例集.pdf', bytes: 1, missingConsent: [], missingImages: [] });
    await book;
    expect(fake.downloads.at(-1)).toEqual({ fileId: 'b1', name: '案例集.pdf' });

    const removing = useCaseListStore.getState().remove(3);
    fake.take('cases.delete').resolve({ ok: true });
    await flush();
    expect(useCaseListStore.getState().items.map((c) => c.id)).toEqual([2, 1]);
    expect([...useCaseListStore.getState().checked]).toEqual([1]);
    fake.take('cases.list').resolve({ items: [summary(2), summary(1)], next: null });
    fake.take('cases.tags').resolve({ tags: [] });
    await removing;
  });
});

describe('the inbox 加入案例 dialog store', () => {
  beforeEach(() => useCasePickStore.getState().close());

  it('makes a new case from the picked messages, or adds them to one', async () => {
    const s = useCasePickStore.getState();
    s.open({ messageIds: [5, 6, 7] });
    fake.take('cases.list').resolve({ items: [summary(1)], next: null });
    const made = s.submit({ title: '  新案例 ' });
    const create = fake.take('cases.create');
    expect(create.req).toEqual({ messageIds: [5, 6, 7], title: '新案例' });
    create.resolve(caseOf(9, [5, 6, 7]));
    expect((await made)?.id).toBe(9);
    expect(useCasePickStore.getState().done).toMatchObject({ created: true, case: { id: 9 } });

    s.open({ threadOf: 5 });
    fake.take('cases.list').resolve({ items: [], next: null });
    const added = useCasePickStore.getState().submit({ caseId: 1 });
    const add = fake.take('cases.addMessages');
    expect(add.req).toEqual({ id: 1, threadOf: 5 });
    add.reject(new Error('找不到消息'));
    expect(await added).toBeNull();
    expect(useCasePickStore.getState().error).toBe('找不到消息');
    expect(useCasePickStore.getState().done).toBeNull();
  });
});

describe('catalogues', () => {
  it('have the archive in both languages, with the consent states as the issue names them', () => {
    expect(zhCN.cases.consent).toEqual({ granted: '已同意', pending: '待确认', declined: '有人拒绝' });
    expect(Object.keys(en.cases.redaction.kind).sort()).toEqual(Object.keys(zhCN.cases.redaction.kind).sort());
    expect(zhCN.cases.tagKind).toEqual({ product: '产品', pain: '痛点', outcome: '成果' });
  });
});

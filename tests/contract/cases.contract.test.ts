/** Case-study archives (#7) over both transports: create, edit, redact, consent, list, export. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseDto, CaseExportResult, CaseSummaryDto } from '../../shared/api/cases';
import type { Envelope } from '../../shared/errors';
import { downloadFile } from '../../electron/core/files/downloads';
import { TRANSPORTS, transportPerTest, type TestTransport } from '../helpers/transports';

/** A small workspace of our own: one group, a question, answers (one with a phone number), a reply chain. */
async function seed(api: TestTransport): Promise<number[]> {
  const db = api.core.workspaces.db;
  db.exec(`
    INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'wechat', '北京运营交流群', 'C', 0, 0), (2, 'qq', '别的群', 'C', 0, 0);
    INSERT INTO members (id, platform, platform_user_id, display_name, first_seen_at, last_seen_at) VALUES
      (1, 'wechat', 'wx-owner', '王芳', 0, 0), (2, 'wechat', 'wx-zs', '张三', 0, 0), (3, 'wechat', 'wx-ls', '李四', 0, 0);
    INSERT INTO memberships (group_id, member_id, role) VALUES (1, 1, 'owner'), (1, 2, 'member'), (1, 3, 'member');
    INSERT INTO messages (id, group_id, sender_id, sent_at, kind, text, source_key, reply_to_key) VALUES
      (10, 1, 2, 1763884800000, 'text', '新群第一周怎么让新人开口？', 'k10', NULL),
      (11, 1, 1, 1763884860000, 'text', '@张三 先发群规和自我介绍模板，有问题打我电话 13812345678', 'k11', 'k10'),
      (12, 1, 3, 1763884920000, 'text', '我们办了一次语音分享，发言率从 6% 到 31%', 'k12', 'k10'),
      (13, 1, 2, 1763884980000, 'text', '语音分享这个办法好，谢谢李四！', 'k13', 'k12'),
      (14, 1, NULL, 1763885000000, 'system', '赵六 加入了群聊', 'k14', NULL),
      (15, 2, 3, 1763885100000, 'text', '跨境物流延误怎么办', 'k15', NULL);
    INSERT INTO message_mentions (message_id, member_id) VALUES (11, 2);
  `);
  return [10, 11, 12, 13];
}

describe.each(TRANSPORTS)('cases contract over %s', (_name, make) => {
  const s = transportPerTest(make);
  const ok = s.ok;
  const fail = async (method: string, params: unknown) => {
    const env = (await s.api.call(method, params)) as Envelope<unknown>;
    if (env.ok) throw new Error(`${method} should have failed`);
    return env.error;
  };

  it('creates a case from messages: snapshot in time order, labels, redactions, consent not asked', async () => {
    await seed(s.api);
    const c = await ok<CaseDto>('cases.create', { messageIds: [12, 10, 11, 14] });
    // The system notice is left out; the rest in time order.
    expect(c.messages.map((m) => m.messageId)).toEqual([10, 11, 12]);
    expect(c.title).toBe('北京运营交流群 · 2025-11-23');
    expect(c).toMatchObject({ groupId: 1, groupName: '北京运营交流群', firstAt: '2025-11-23T08:00:00.000Z', lastAt: '2025-11-23T08:02:00.000Z', consent: 'pending', messageCount: 3 });
    const owner = c.messages[1]!;
    expect(owner.sender).toEqual({ memberId: 1, name: '王芳', label: '群主' });
    expect(owner.originalText).toContain('13812345678');
    expect(owner.redactedText).toBe('@成员A 先发群规和自我介绍模板，有问题打我电话 [手机号]');
    expect(owner.redactions.map((r) => r.id)).toEqual(['11:1:name', '11:24:phone']);
    expect(c.participants.map((p) => [p.name, p.label, p.role, p.consent, p.shownMessages])).toEqual([
      ['王芳', '群主', 'owner', 'not-asked', 1],
      ['张三', '成员A', 'member', 'not-asked', 1],
      ['李四', '成员B', 'member', 'not-asked', 1],
    ]);
    expect(c.missingConsent.map((m) => m.label)).toEqual(['群主', '成员A', '成员B']);
    expect(await ok<CaseDto>('cases.get', { id: c.id })).toEqual(c);
  });

  it('creates a case from a reply thread: the chain up to its start and the direct replies', async () => {
    await seed(s.api);
    const c = await ok<CaseDto>('cases.create', { threadOf: 12, title: '语音分享' });
    // 12 answers 10 (its chain); 13 replies to 12.
    expect(c.messages.map((m) => m.messageId)).toEqual([10, 12, 13]);
    const added = await ok<CaseDto>('cases.addMessages', { id: c.id, messageIds: [11, 12] });
    expect(added.messages.map((m) => m.messageId)).toEqual([10, 12, 13, 11]);
    expect((await fail('cases.create', { messageIds: [10], threadOf: 12 })).code).toBe('VALIDATION');
    expect((await fail('cases.create', { messageIds: [999] })).code).toBe('NOT_FOUND');
    expect((await fail('cases.create', { messageIds: [14] })).code).toBe('CONFLICT');
  });

  it('reorders, hides, trims and annotates; trimming forgets switched-off findings of that message', async () => {
    await seed(s.api);
    const c = await ok<CaseDto>('cases.create', { messageIds: [10, 11, 12, 13] });
    let r = await ok<CaseDto>('cases.reorderMessages', { id: c.id, messageIds: [12, 10, 11, 13] });
    expect(r.messages.map((m) => [m.messageId, m.position])).toEqual([
      [12, 0],
      [10, 1],
      [11, 2],
      [13, 3],
    ]);
    // 李四 speaks first now: 成员A.
    expect(r.participants.find((p) => p.name === '李四')!.label).toBe('成员A');
    expect((await fail('cases.reorderMessages', { id: c.id, messageIds: [12, 10, 11] })).code).toBe('BAD_REQUEST');
    r = await ok<CaseDto>('cases.setRedaction', { id: c.id, findingId: '11:24:phone', applied: false });
    expect(r.messages.find((m) => m.messageId === 11)!.redactedText).toContain('13812345678');
    r = await ok<CaseDto>('cases.editMessage', { id: c.id, messageId: 11, trimmedText: '先发群规，电话 13812345678', annotation: '王芳的经验：先立规矩' });
    const m11 = r.messages.find((m) => m.messageId === 11)!;
    expect(m11.trimmedText).toBe('先发群规，电话 13812345678');
    expect(m11.originalText).toContain('@张三');
    // The old "off" no longer applies: the phone in the trimmed text is redacted again.
    expect(m11.redactedText).toBe('先发群规，电话 [手机号]');
    // Annotations are the operator's words, redacted too.
    expect(m11.redactedAnnotation.text).toBe('群主的经验：先立规矩');
    r = await ok<CaseDto>('cases.editMessage', { id: c.id, messageId: 13, hidden: true });
    expect(r.messages.find((m) => m.messageId === 13)!.hidden).toBe(true);
    // 张三's other message (10) is still shown.
    expect(r.participants.find((p) => p.name === '张三')!.shownMessages).toBe(1);
    r = await ok<CaseDto>('cases.editMessage', { id: c.id, messageId: 11, trimmedText: null });
    expect(r.messages.find((m) => m.messageId === 11)!.trimmedText).toBeNull();
    r = await ok<CaseDto>('cases.removeMessages', { id: c.id, messageIds: [12] });
    expect(r.messages.map((m) => [m.messageId, m.position])).toEqual([
      [10, 0],
      [11, 1],
      [13, 2],
    ]);
    expect(r.participants.map((p) => p.name)).not.toContain('李四');
    expect((await fail('cases.setRedaction', { id: c.id, findingId: '12:0:phone', applied: false })).code).toBe('NOT_FOUND');
  });

  it('records consent with date and note; labels can be set; the case consent follows', async () => {
    await seed(s.api);
    const c = await ok<CaseDto>('cases.create', { messageIds: [10, 11] });
    let r = await ok<CaseDto>('cases.setConsent', { id: c.id, memberId: 2, consent: 'granted', note: '私聊同意' });
    expect(r.participants.find((p) => p.memberId === 2)).toMatchObject({ consent: 'granted', consentAt: '2026-11-23T08:00:00.000Z', consentNote: '私聊同意' });
    r = await ok<CaseDto>('cases.setConsent', { id: c.id, memberId: 1, consent: 'declined', at: '2026-11-20T00:00:00.000Z' });
    expect(r.consent).toBe('declined');
    r = await ok<CaseDto>('cases.setConsent', { id: c.id, memberId: 1, consent: 'granted' });
    expect(r.consent).toBe('granted');
    expect(r.missingConsent).toEqual([]);
    r = await ok<CaseDto>('cases.setParticipant', { id: c.id, memberId: 1, label: '主理人' });
    expect(r.messages[1]!.sender.label).toBe('主理人');
    expect(r.messages[1]!.redactedText.startsWith('@成员A')).toBe(true);
    r = await ok<CaseDto>('cases.setParticipant', { id: c.id, memberId: 2, role: 'kol' });
    expect(r.messages[1]!.redactedText.startsWith('@KOL')).toBe(true);
    expect((await fail('cases.setParticipant', { id: c.id, memberId: 2, label: '主理人' })).code).toBe('CONFLICT');
    expect((await fail('cases.setConsent', { id: c.id, memberId: 3, consent: 'granted' })).code).toBe('NOT_FOUND');
  });

  it('lists newest first with filters: tag, group, consent, dates and the Chinese search', async () => {
    await seed(s.api);
    const a = await ok<CaseDto>('cases.create', { messageIds: [10, 12], title: '新人开口' });
    await ok('cases.update', { id: a.id, tags: { product: ['实战营'], pain: ['冷启动'], outcome: [] }, summary: '语音分享提升发言率' });
    s.api.core.workspaces.db.prepare('UPDATE cases SET created_at = created_at - 1000').run();
    const b = await ok<CaseDto>('cases.create', { messageIds: [15], title: '物流' });
    await ok('cases.setConsent', { id: b.id, memberId: 3, consent: 'granted' });
    const list = async (q: object) => (await ok<{ items: CaseSummaryDto[] }>('cases.list', q)).items.map((x) => x.id);
    expect(await list({})).toEqual([b.id, a.id]);
    expect(await list({ tag: '冷启动' })).toEqual([a.id]);
    expect(await list({ tag: '冷启动', tagKind: 'product' })).toEqual([]);
    expect(await list({ groupId: 2 })).toEqual([b.id]);
    expect(await list({ consent: 'granted' })).toEqual([b.id]);
    expect(await list({ consent: 'pending' })).toEqual([a.id]);
    expect(await list({ since: '2025-11-23T08:04:00Z' })).toEqual([b.id]);
    expect(await list({ until: '2025-11-23T08:04:00Z' })).toEqual([a.id]);
    // Two-character Chinese words anywhere in texts, summary or title; several terms all match.
    expect(await list({ query: '发言' })).toEqual([a.id]);
    expect(await list({ query: '物流 延误' })).toEqual([b.id]);
    expect(await list({ query: '分享 物流' })).toEqual([]);
    expect(await list({ query: '冷启动' })).toEqual([a.id]);
    // A three-character word: two overlapping chunks.
    expect(await list({ query: '言率从' })).toEqual([a.id]);
    const page = await ok<{ items: CaseSummaryDto[]; next: string }>('cases.list', { limit: 1 });
    expect((await ok<{ items: CaseSummaryDto[] }>('cases.list', { limit: 1, cursor: page.next })).items.map((x) => x.id)).toEqual([a.id]);
    expect((await ok<{ tags: unknown[] }>('cases.tags')).tags).toEqual([
      { kind: 'pain', tag: '冷启动', count: 1 },
      { kind: 'product', tag: '实战营', count: 1 },
    ]);
  });

  it('duplicates and deletes; a message deleted elsewhere stays in the case as its snapshot', async () => {
    await seed(s.api);
    const a = await ok<CaseDto>('cases.create', { messageIds: [10, 11] });
    await ok('cases.setRedaction', { id: a.id, findingId: '11:24:phone', applied: false });
    await ok('cases.setConsent', { id: a.id, memberId: 2, consent: 'granted' });
    const copy = await ok<CaseDto>('cases.duplicate', { id: a.id });
    expect(copy.title).toBe(`${a.title}（副本）`);
    expect(copy.messages.map((m) => m.redactedText)).toEqual((await ok<CaseDto>('cases.get', { id: a.id })).messages.map((m) => m.redactedText));
    expect(copy.participants.find((p) => p.memberId === 2)!.consent).toBe('granted');
    s.api.core.workspaces.db.prepare('DELETE FROM messages WHERE id = 11').run();
    const after = await ok<CaseDto>('cases.get', { id: a.id });
    expect(after.messages.find((m) => m.messageId === 11)).toMatchObject({ sourceDeleted: true, originalText: expect.stringContaining('先发群规') });
    expect(await ok('cases.delete', { id: a.id })).toEqual({ ok: true });
    expect((await fail('cases.get', { id: a.id })).code).toBe('NOT_FOUND');
    expect((await ok<{ items: CaseSummaryDto[] }>('cases.list', {})).items.map((x) => x.id)).toEqual([copy.id]);
    expect((await ok<{ items: CaseSummaryDto[] }>('cases.list', { query: '群规' })).items.map((x) => x.id)).toEqual([copy.id]);
  });

  it('exports with a consent warning by default, and refuses with cases.requireConsent', async () => {
    await seed(s.api);
    const c = await ok<CaseDto>('cases.create', { messageIds: [10, 11], title: '张三的提问' });
    await ok('cases.setConsent', { id: c.id, memberId: 1, consent: 'granted' });
    const res = await ok<CaseExportResult>('cases.export', { id: c.id, format: 'html' });
    expect(res.missingConsent.map((m) => [m.memberId, m.label, m.consent])).toEqual([[2, '成员A', 'not-asked']]);
    const html = fs.readFileSync(downloadFile(res.fileId)!.path, 'utf8');
    expect(html).toContain('成员A的提问');
    expect(html).toContain('[手机号]');
    for (const raw of ['张三', '王芳', '13812345678']) expect(html).not.toContain(raw);
    expect(await ok('cases.setSettings', { requireConsent: true })).toEqual({ requireConsent: true });
    const refused = await fail('cases.export', { id: c.id, format: 'zip' });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('成员A');
    await ok('cases.setConsent', { id: c.id, memberId: 2, consent: 'granted' });
    const zip = await ok<CaseExportResult>('cases.export', { id: c.id, format: 'zip' });
    expect(zip.missingConsent).toEqual([]);
    expect(zip.name.endsWith('.zip')).toBe(true);
    expect(fs.readFileSync(downloadFile(zip.fileId)!.path).subarray(0, 2).toString('latin1')).toBe('PK');
    await ok('cases.update', { id: c.id, tags: { product: [], pain: [], outcome: ['开口'] } });
    const book = await ok<CaseExportResult>('cases.exportBook', { tag: '开口', format: 'md' });
    expect(fs.readFileSync(downloadFile(book.fileId)!.path, 'utf8')).toContain('成员A的提问');
    expect((await fail('cases.exportBook', { tag: '没有', format: 'html' })).code).toBe('CONFLICT');
  });
});

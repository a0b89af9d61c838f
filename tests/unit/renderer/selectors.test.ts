/** The renderer's pure pieces: request building, form mapping, error mapping, import choices. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { EMPTY_FILTERS, hasFilters, toListRequest } from '../../../renderer/store/groups/selectors';
import { EMPTY_GROUP_FORM, toFormValues, toGroupInput } from '../../../renderer/features/groups/groupForm';
import { formFieldErrors } from '../../../renderer/lib/errors';
import { canLoadDemo, isEmptyWorkspace } from '../../../renderer/store/workspace/selectors';
import { completeColumnMap, defaultChoice, percent, speed } from '../../../renderer/store/imports/imports.store';
import { GroupInput } from '../../../shared/domain/group';
import type { GroupDto } from '../../../shared/domain/group';
import type { PreviewChatDto } from '../../../shared/api/imports';
import type { WorkspaceDto } from '../../../shared/domain/workspace';

describe('groups list request', () => {
  it('leaves empty filters out and trims the query', () => {
    expect(toListRequest(EMPTY_FILTERS)).toEqual({ archived: 'active' });
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
    const f = { ...EMPTY_FILTERS, query: '  北京 ', platforms: ['qq' as const], archived: 'all' as const };
    expect(toListRequest(f)).toEqual({ archived: 'all', query: '北京', platforms: ['qq'] });
    expect(hasFilters(f)).toBe(true);
    expect(hasFilters({ ...EMPTY_FILTERS, query: '   ' })).toBe(false);
  });
});

describe('group form', () => {
  const dto: GroupDto = {
    id: 1, platform: 'wecom', externalId: 'wr-1', name: '华东区代理商群', positioning: '', audience: '', groupType: 'B', city: '杭州', owner: '', capacity: 100, rules: '', welcomeText: '',
    lifecycleStage: 'healthy', customFields: { 讲师: '王芳' }, archived: false, archivedAt: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', memberCount: 0, messageCount: 0, lastMessageAt: null,
  };
  it('round-trips a group through the form into a valid request', () => {
    const input = toGroupInput(toFormValues(dto));
    expect(GroupInput.safeParse(input).success).toBe(true);
    expect(input).toMatchObject({ name: '华东区代理商群', platform: 'wecom', externalId: 'wr-1', capacity: 100, customFields: { 讲师: '王芳' } });
  });
  it('edits custom fields as rows: keys trimmed, keyless rows left out, a bad key refused by the shared rule', () => {
    const input = toGroupInput({ ...toFormValues(dto), customFields: [{ key: ' 课程 ', value: ' Python 入门 ' }, { key: '  ', value: '没有字段名' }, { key: '讲师', value: '王芳' }] });
    expect(input.customFields).toEqual({ 课程: 'Python 入门', 讲师: '王芳' });
    expect(GroupInput.safeParse(input).success).toBe(true);
    expect(GroupInput.safeParse({ ...input, customFields: { 'a.b': 'x' } }).success).toBe(false);
    expect(GroupInput.safeParse({ ...input, customFields: { city: 'x' } }).success).toBe(false);
  });
  it('drops an empty external id and trims the name', () => {
    const input = toGroupInput({ ...EMPTY_GROUP_FORM, name: '  新群 ', platform: 'qq', groupType: 'C', externalId: '  ' });
    expect(input.name).toBe('新群');
    expect('externalId' in input).toBe(false);
  });
});

describe('field errors from the core', () => {
  it('maps input.* paths onto known form fields and leaves the rest to a message', () => {
    const e = new AppError('VALIDATION', 'x', [
      { path: 'input.name', message: '太长' },
      { path: 'input.name', message: '不能为空' },
      { path: 'input.secret', message: '?' },
      { path: 'id', message: '?' },
    ]);
    expect(formFieldErrors(e, ['name', 'city'], 'input.')).toEqual([{ name: ['name'], errors: ['太长', '不能为空'] }]);
    expect(formFieldErrors(new Error('x'), ['name'])).toEqual([]);
  });
});

describe('workspace selectors', () => {
  const ws = (fixed: boolean, groups: number): WorkspaceDto => ({ id: 'x', name: 'x', path: '/x', demo: false, welcome: false, fixed, schemaVersion: 2, counts: { groups, members: 0, messages: 0 } });
  it('offers the demo in a fixed workspace only while it is empty', () => {
    expect(isEmptyWorkspace(ws(true, 0))).toBe(true);
    expect(canLoadDemo(ws(true, 0))).toBe(true);
    expect(canLoadDemo(ws(true, 3))).toBe(false);
    expect(canLoadDemo(ws(false, 3))).toBe(true);
  });
});

describe('import choices and progress', () => {
  const chat = (kind: PreviewChatDto['kind'], existingGroupId: number | null): PreviewChatDto => ({ key: 'k', name: 'n', platform: 'telegram', kind, messages: 1, events: 0, senders: 1, firstAt: null, lastAt: null, samples: [], existingGroupId });
  it('maps a chat to its existing group, skips private chats, creates the rest', () => {
    expect(defaultChoice(chat('group', 7))).toBe(7);
    expect(defaultChoice(chat('private', null))).toBe('skip');
    expect(defaultChoice(chat('group', null))).toBe('new');
    expect(defaultChoice(chat('unknown', null))).toBe('new');
  });
  it('reports percent by bytes and speed by messages', () => {
    expect(percent(null)).toBeNull();
    expect(percent({ messages: 0, bytesRead: 0, totalBytes: 0, startedAt: 0, now: 0 })).toBeNull();
    expect(percent({ messages: 0, bytesRead: 50, totalBytes: 200, startedAt: 0, now: 0 })).toBe(25);
    expect(speed({ messages: 3000, bytesRead: 0, totalBytes: 0, startedAt: 0, now: 2000 })).toBe(1500);
    expect(speed({ messages: 10, bytesRead: 0, totalBytes: 0, startedAt: 5, now: 5 })).toBe(0);
  });
});

describe('column mapping', () => {
  it('is usable only with time, sender and text, and drops empty optional columns', () => {
    expect(completeColumnMap({ time: '时间', senderName: '发送者' })).toBeNull();
    expect(completeColumnMap({ time: '时间', senderName: '发送者', text: '内容', group: '' })).toEqual({ time: '时间', senderName: '发送者', text: '内容' });
    expect(completeColumnMap({ time: 't', senderName: 's', text: 'x', senderId: 'id', group: 'g' })).toEqual({ time: 't', senderName: 's', text: 'x', senderId: 'id', group: 'g' });
  });
});

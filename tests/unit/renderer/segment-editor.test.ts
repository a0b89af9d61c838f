/**
 * The one segment editor's store (renderer/store/segments): the live count (debounced, the newest
 * answer only), read-only nested segments, and the save with its name errors, for both targets.
 * The count and the save used to be the groups and roster stores' (countDefinition, saveSegment);
 * what those did is asserted here, where it is done now.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SegmentDefinition, SegmentDto } from '../../../shared/domain/segment';
import { AppError } from '../../../shared/errors';
import { createFakeApi } from '../../helpers/fake-api';

const fake = createFakeApi();
vi.mock('../../../renderer/lib/api/client', () => ({ getApi: () => fake }));
const { COUNT_DEBOUNCE_MS, createSegmentEditor } = await import('../../../renderer/store/segments/segment-editor.store');
const { canSave, countView, editorComplete, NO_COUNT } = await import('../../../renderer/store/segments/selectors');
const { GROUP_SEGMENT_RULES } = await import('../../../renderer/store/groups/selectors');
const { MEMBER_SEGMENT_RULES } = await import('../../../renderer/store/roster/selectors');
const { useGroupSegmentEditor, useMemberSegmentEditor } = await import('../../../renderer/store/segments/editors');
const { useGroupsStore } = await import('../../../renderer/store/groups/groups.store');
const { useRosterStore } = await import('../../../renderer/store/roster/roster.store');

const NOW = '2026-03-01T08:00:00.000Z';
const segment = (id: number, name: string, definition: SegmentDefinition): SegmentDto => ({ id, name, definition, createdAt: NOW, updatedAt: NOW });
const typeC: SegmentDefinition = { target: 'groups', condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }] } };

function groupEditor(onSaved = vi.fn()) {
  return { editor: createSegmentEditor({ rules: GROUP_SEGMENT_RULES, onSaved }), onSaved };
}

/** Lets the debounce run out and every promise settle. */
const wait = (ms = COUNT_DEBOUNCE_MS) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  fake.pending.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the live count', () => {
  it('opens a new segment with one empty rule of the target’s first field, and counts nothing yet', async () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    const s = editor.getState();
    expect(s).toMatchObject({ open: true, editing: null, name: '', op: 'and', nested: false, count: NO_COUNT });
    expect(s.drafts.map((d) => d.field)).toEqual(['type']);
    expect(countView(s.count, editorComplete(s))).toEqual({ kind: 'incomplete' });
    await wait();
    expect(fake.pending).toEqual([]);

    const members = createSegmentEditor({ rules: MEMBER_SEGMENT_RULES, onSaved: vi.fn() });
    members.getState().openNew();
    expect(members.getState().drafts.map((d) => d.field)).toEqual(['label']);
  });

  it('asks once per pause, with the complete rules only, and shows the answer', async () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    const uid = editor.getState().drafts[0]!.uid;
    editor.getState().updateRule(uid, { types: ['B'] });
    editor.getState().updateRule(uid, { types: ['C'] });
    // An incomplete second rule and the name change nothing that is counted.
    editor.getState().addRule('platform');
    editor.getState().setName('C端');
    expect(editor.getState().count.loading).toBe(true);
    expect(countView(editor.getState().count, true)).toEqual({ kind: 'counting' });
    await wait(COUNT_DEBOUNCE_MS - 1);
    expect(fake.count('segments.count')).toBe(0);
    await wait(1);
    expect(fake.count('segments.count')).toBe(1);
    fake.take('segments.count').resolve({ count: 12 });
    await wait(0);
    expect(editor.getState().count).toEqual({ n: 12, loading: false, error: null });
    expect(countView(editor.getState().count, true)).toEqual({ kind: 'count', n: 12 });
  });

  it('sends the definition as drafted, AND or OR', async () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    editor.getState().updateRule(editor.getState().drafts[0]!.uid, { types: ['C'] });
    editor.getState().setOp('or');
    await wait();
    expect(fake.take('segments.count').req).toEqual({ definition: { target: 'groups', condition: { op: 'or', rules: [{ field: 'type', types: ['C'] }] } } });
  });

  it('keeps only the newest answer: a slow one for older rules is dropped', async () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    const uid = editor.getState().drafts[0]!.uid;
    editor.getState().updateRule(uid, { types: ['C'] });
    await wait();
    const older = fake.take('segments.count');
    editor.getState().updateRule(uid, { types: ['C', 'B'] });
    await wait();
    const newer = fake.take('segments.count');
    newer.resolve({ count: 30 });
    older.resolve({ count: 12 });
    await wait(0);
    expect(editor.getState().count.n).toBe(30);
  });

  it('shows a failed count as an error, and forgets the count once the rules are incomplete again', async () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    const uid = editor.getState().drafts[0]!.uid;
    editor.getState().updateRule(uid, { types: ['C'] });
    await wait();
    fake.take('segments.count').reject(new AppError('INTERNAL', '统计失败'));
    await wait(0);
    expect(countView(editor.getState().count, true)).toEqual({ kind: 'error', message: '统计失败' });
    editor.getState().removeRule(uid);
    expect(editor.getState().count).toBe(NO_COUNT);
    await wait();
    expect(fake.pending).toEqual([]);
  });

  it('drops an answer that comes after the editor closed', async () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    editor.getState().updateRule(editor.getState().drafts[0]!.uid, { types: ['C'] });
    await wait();
    const late = fake.take('segments.count');
    editor.getState().close();
    late.resolve({ count: 12 });
    await wait(0);
    expect(editor.getState().open).toBe(false);
    expect(editor.getState().count.n).toBeNull();
  });

  it('moves a rule to another field with fresh inputs, in its place', () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    editor.getState().addRule('city');
    const [first, second] = editor.getState().drafts;
    editor.getState().updateRule(first!.uid, { types: ['C'] });
    editor.getState().setField(first!.uid, 'members');
    const [moved, kept] = editor.getState().drafts;
    expect(moved).toMatchObject({ uid: first!.uid, field: 'members', cmp: 'gte', amount: null });
    expect(moved!.types).toBeUndefined();
    expect(kept).toBe(second); // untouched rows keep their identity
  });
});

describe('editing a saved segment', () => {
  it('brings its rules back, and counts them at once', async () => {
    const { editor } = groupEditor();
    editor.getState().openEdit(segment(4, 'C端', typeC));
    expect(editor.getState()).toMatchObject({ open: true, name: 'C端', op: 'and', nested: false });
    expect(editor.getState().drafts).toEqual([expect.objectContaining({ field: 'type', types: ['C'] })]);
    await wait();
    expect(fake.take('segments.count').req).toEqual({ definition: typeC });
  });

  it('opens a nested segment read-only, counted as stored, and never saves it', async () => {
    const nested: SegmentDefinition = { target: 'groups', condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }, { op: 'or', rules: [{ field: 'platform', platforms: ['qq'] }, { field: 'city', op: 'eq', value: '成都' }] }] } };
    const { editor } = groupEditor();
    editor.getState().openEdit(segment(5, '嵌套', nested));
    const s = editor.getState();
    expect(s).toMatchObject({ nested: true, drafts: [] });
    expect(editorComplete(s)).toBe(true);
    expect(canSave(s)).toBe(false);
    await wait();
    expect(fake.take('segments.count').req).toEqual({ definition: nested });
    expect(await editor.getState().save()).toBeNull();
    expect(fake.count('segments.save')).toBe(0);
  });

  it('treats another target’s segment as one it cannot draw', () => {
    const { editor } = groupEditor();
    editor.getState().openEdit(segment(6, '成员', { target: 'members', condition: { op: 'and', rules: [] } }));
    expect(editor.getState().nested).toBe(true);
  });
});

describe('saving', () => {
  const complete = (editor: ReturnType<typeof groupEditor>['editor'], name: string) => {
    editor.getState().updateRule(editor.getState().drafts[0]!.uid, { types: ['C'] });
    editor.getState().setName(name);
  };

  it('asks for a name first, and the error goes as soon as one is typed', async () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    complete(editor, '   ');
    expect(await editor.getState().save()).toBeNull();
    expect(editor.getState().nameError).toEqual({ kind: 'required' });
    expect(fake.count('segments.save')).toBe(0);
    editor.getState().setName('C');
    expect(editor.getState().nameError).toBeNull();
  });

  it('saves the trimmed name and the drafted definition, lets the area show it, then closes', async () => {
    const saved = segment(9, 'C端', typeC);
    let openWhenShown: boolean | null = null;
    const { editor, onSaved } = groupEditor();
    onSaved.mockImplementation(async () => void (openWhenShown = editor.getState().open));
    editor.getState().openNew();
    complete(editor, '  C端 ');
    const done = editor.getState().save();
    expect(editor.getState().saving).toBe(true);
    expect(await editor.getState().save()).toBeNull(); // a second click (or Enter) meanwhile saves nothing
    expect(fake.count('segments.save')).toBe(1);
    const call = fake.take('segments.save');
    expect(call.req).toEqual({ name: 'C端', definition: typeC });
    call.resolve(saved);
    expect(await done).toBe(saved);
    expect(onSaved).toHaveBeenCalledWith(saved);
    // The list and the filter catch up while the dialog is still there, so it closes on a page that already shows the segment.
    expect(openWhenShown).toBe(true);
    expect(editor.getState()).toMatchObject({ open: false, saving: false });
  });

  it('replaces the segment being edited (its id goes with the save)', async () => {
    const { editor } = groupEditor();
    editor.getState().openEdit(segment(4, 'C端', typeC));
    editor.getState().setOp('or');
    const done = editor.getState().save();
    const call = fake.take('segments.save');
    expect(call.req).toEqual({ id: 4, name: 'C端', definition: { ...typeC, condition: { ...typeC.condition, op: 'or' } } });
    call.resolve(segment(4, 'C端', typeC));
    await done;
  });

  it('shows a name already taken at the name, and stays open', async () => {
    const { editor, onSaved } = groupEditor();
    editor.getState().openNew();
    complete(editor, 'C端');
    const done = editor.getState().save();
    fake.take('segments.save').reject(new AppError('CONFLICT', '已有名为“C端”的分组。'));
    expect(await done).toBeNull();
    expect(editor.getState()).toMatchObject({ open: true, saving: false, nameError: { kind: 'taken', message: '已有名为“C端”的分组。' } });
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('leaves any other failure to the caller, and stays open', async () => {
    const { editor } = groupEditor();
    editor.getState().openNew();
    complete(editor, 'C端');
    const done = editor.getState().save();
    fake.take('segments.save').reject(new AppError('INTERNAL', '磁盘已满'));
    await expect(done).rejects.toThrow('磁盘已满');
    expect(editor.getState()).toMatchObject({ open: true, saving: false, nameError: null });
  });
});

describe('the two editors, wired to their pages', () => {
  it('Groups: a saved group segment is listed and becomes the table’s filter; opening loads the group picker', async () => {
    const saved = segment(11, 'C端微信群', typeC);
    useGroupSegmentEditor.getState().openNew();
    expect(fake.take('groups.list').req).toEqual({ archived: 'all' }); // every group, archived too, for "specific groups"
    const s = useGroupSegmentEditor.getState();
    s.updateRule(s.drafts[0]!.uid, { types: ['C'] });
    s.setName('C端微信群');
    const done = useGroupSegmentEditor.getState().save();
    fake.take('segments.save').resolve(saved);
    await wait(0);
    const list = fake.take('segments.list');
    expect(list.req).toEqual({ target: 'groups' });
    list.resolve([saved]);
    await wait(0);
    expect(await done).toBe(saved);
    expect(useGroupsStore.getState().segments).toEqual([saved]);
    expect(useGroupsStore.getState().filters.segmentId).toBe(11);
    // The table reloads through the segment (checking first that it still exists).
    fake.take('segments.list').resolve([saved]);
    await wait(0);
    expect(fake.take('groups.list').req).toEqual({ archived: 'active', segmentId: 11 });
    expect(useGroupSegmentEditor.getState().open).toBe(false);
  });

  it('Roster: a saved member segment is listed and becomes the roster’s filter', async () => {
    const def: SegmentDefinition = { target: 'members', condition: { op: 'and', rules: [{ field: 'label', labelIds: [3] }] } };
    const saved = segment(12, '重点跟进', def);
    useMemberSegmentEditor.getState().openNew();
    const s = useMemberSegmentEditor.getState();
    s.updateRule(s.drafts[0]!.uid, { labelIds: [3] });
    s.setName('重点跟进');
    const done = useMemberSegmentEditor.getState().save();
    const call = fake.take('segments.save');
    expect(call.req).toEqual({ name: '重点跟进', definition: def });
    call.resolve(saved);
    await wait(0);
    const list = fake.take('segments.list');
    expect(list.req).toEqual({ target: 'members' });
    list.resolve([saved]);
    await wait(0);
    expect(await done).toBe(saved);
    expect(useRosterStore.getState().segments).toEqual([saved]);
    expect(useRosterStore.getState().filters.segmentId).toBe(12);
  });
});

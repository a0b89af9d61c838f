/**
 * A broadcast's picture in the renderer: what a draft with one asks the core (never for a recurring
 * one), the quick look at a picked file, the composer store's upload → addImage → thumbnail, what
 * the report offers each target (复制图片) and says about the picture, and the data URLs it accepts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TargetDto } from '../../../shared/api/broadcasts';
import type { ComposerDraft } from '../../../renderer/store/broadcasts/composer-selectors';
import { AppError } from '../../../shared/errors';
import { createFakeApi } from '../../helpers/fake-api';
import { solidPng } from '../../helpers/png';
import { en } from '../../../renderer/i18n/en';
import { zhCN } from '../../../renderer/i18n/zh-CN';

const fake = Object.assign(createFakeApi(), {
  uploads: [] as { name: string; size: number }[],
  upload(file: Blob, name: string) {
    fake.uploads.push({ name, size: file.size });
    return Promise.resolve(`/tmp/qunzhu-uploads/0000-${name}`);
  },
});
vi.mock('../../../renderer/lib/api/client', () => ({ getApi: () => fake, saveBlob: () => undefined }));

const sel = await import('../../../renderer/store/broadcasts/composer-selectors');
const { useComposerStore } = await import('../../../renderer/store/broadcasts/composer.store');
const { imageNote, logLine, targetActions } = await import('../../../renderer/store/broadcasts/selectors');
const { safeImageUrl } = await import('../../../renderer/store/broadcasts/message-preview');
const { dataUrlToBlob } = await import('../../../renderer/lib/clipboard');

const flush = () => new Promise((r) => setImmediate(r));
const PNG = solidPng(4, 4);
const IMAGE = { id: 7, mime: 'image/png' as const, size: PNG.length, md5: 'f'.repeat(32), dataUrl: `data:image/png;base64,${PNG.toString('base64')}` };
const draft = (patch: Partial<ComposerDraft>): ComposerDraft => ({ ...sel.EMPTY_DRAFT, body: '今晚直播', groupIds: [1], ...patch });

afterEach(() => {
  fake.pending.length = 0;
  fake.uploads.length = 0;
  useComposerStore.setState({ draft: sel.EMPTY_DRAFT, imageBusy: false, plan: null, step: 'content' });
});

describe('a draft with a picture', () => {
  it('sends its id with the plan and the broadcast, but never with a recurring one, which is stopped until the picture goes', () => {
    expect(sel.draftRequest(draft({ image: IMAGE })).imageId).toBe(7);
    expect(sel.draftRequest(draft({ image: IMAGE, scheduleMode: 'at', at: '2026-12-01T02:00:00.000Z' })).imageId).toBe(7);
    expect('imageId' in sel.draftRequest(draft({}))).toBe(false);
    expect('imageId' in sel.draftRequest(draft({ image: IMAGE, scheduleMode: 'recurring' }))).toBe(false);
    expect('imageId' in sel.scheduleRequest(draft({ image: IMAGE, scheduleMode: 'recurring' }))).toBe(false);
    expect(sel.scheduleProblems(draft({ image: IMAGE, scheduleMode: 'recurring' }), 0)).toEqual(['image_recurring']);
    expect(sel.scheduleProblems(draft({ scheduleMode: 'recurring' }), 0)).toEqual([]);
    expect(sel.scheduleProblems(draft({ image: IMAGE }), 0)).toEqual([]);
  });

  it('looks at a picked file before uploading it: JPG or PNG (or an unknown type, left to the core), at most 2 MB', () => {
    expect(sel.pickedImageProblem({ type: 'image/png', size: 1000 })).toBeNull();
    expect(sel.pickedImageProblem({ type: 'image/jpeg', size: 2 * 1024 * 1024 })).toBeNull();
    expect(sel.pickedImageProblem({ type: '', size: 10 })).toBeNull();
    expect(sel.pickedImageProblem({ type: 'image/gif', size: 10 })).toBe('image_type');
    expect(sel.pickedImageProblem({ type: 'image/webp', size: 10 })).toBe('image_type');
    expect(sel.pickedImageProblem({ type: 'image/png', size: 2 * 1024 * 1024 + 1 })).toBe('image_size');
    expect([sel.imageSizeText(100), sel.imageSizeText(1536), sel.imageSizeText(2 * 1024 * 1024)]).toEqual(['1 KB', '2 KB', '2.0 MB']);
  });
});

describe('the composer store', () => {
  it('uploads the file, has the core keep it, and shows what the core stored', async () => {
    const file = new File([new Uint8Array(PNG)], '海报.png', { type: 'image/png' });
    const done = useComposerStore.getState().addImage(file);
    expect(useComposerStore.getState().imageBusy).toBe(true);
    await flush();
    expect(fake.uploads).toEqual([{ name: '海报.png', size: PNG.length }]);
    const add = fake.take('broadcasts.addImage');
    expect(add.req).toEqual({ path: '/tmp/qunzhu-uploads/0000-海报.png' });
    add.resolve({ id: 7, mime: 'image/png', size: PNG.length, md5: IMAGE.md5 });
    await flush();
    const read = fake.take('broadcasts.image');
    expect(read.req).toEqual({ id: 7 });
    read.resolve({ id: 7, mime: 'image/png', size: PNG.length, md5: IMAGE.md5, dataUrl: IMAGE.dataUrl });
    await done;
    expect(useComposerStore.getState()).toMatchObject({ imageBusy: false, draft: { image: IMAGE } });
    useComposerStore.getState().removeImage();
    expect(useComposerStore.getState().draft.image).toBeNull();
  });

  it('passes the core’s refusal on and keeps the draft as it was', async () => {
    const done = useComposerStore.getState().addImage(new File(['x'], 'notes.png', { type: 'image/png' }));
    await flush();
    fake.take('broadcasts.addImage').reject(new AppError('VALIDATION', '“notes.png”不是 JPG 或 PNG 图片'));
    await expect(done).rejects.toThrow('不是 JPG 或 PNG 图片');
    expect(useComposerStore.getState()).toMatchObject({ imageBusy: false, draft: { image: null } });
    expect(fake.count('broadcasts.image')).toBe(0);
  });
});

const target = (over: Partial<TargetDto>): TargetDto => ({
  id: 1,
  groupId: 1,
  groupName: '群',
  platform: 'wechat',
  mode: 'manual',
  status: 'manual-pending',
  reasons: [],
  plannedAt: null,
  sentAt: null,
  attempts: 0,
  error: null,
  doneBy: null,
  doneAt: null,
  text: 'x',
  image: true,
  partsDone: 0,
  ...over,
});

describe('the report with a picture', () => {
  it('offers 复制图片 on the checklist and where the robot cannot post it, never when the broadcast has none', () => {
    expect(targetActions(target({}), 'sending', true)).toEqual(['copy', 'copyImage', 'markSent']);
    expect(targetActions(target({ mode: 'owner-confirm', status: 'awaiting-owner' }), 'sending', true)).toEqual(['copy', 'copyImage', 'markSent']);
    expect(targetActions(target({ status: 'manual-done' }), 'cancelled', true)).toEqual(['copy', 'copyImage']);
    expect(targetActions(target({}), 'sending', false)).toEqual(['copy', 'markSent']);
    // DingTalk/Feishu robots (no picture): copy it to send by hand; a WeCom robot posts its own.
    expect(targetActions(target({ platform: 'dingtalk', mode: 'auto', status: 'sent', image: false, partsDone: 1 }), 'done', true)).toEqual(['copyImage']);
    expect(targetActions(target({ platform: 'wecom', mode: 'auto', status: 'sent', image: true, partsDone: 2 }), 'done', true)).toEqual([]);
    expect(targetActions(target({ platform: 'feishu', mode: 'auto', status: 'skipped', image: false }), 'done', true)).toEqual([]);
  });

  it('says what became of the picture when the status alone does not', () => {
    const wecom = (status: TargetDto['status'], partsDone: number) => target({ platform: 'wecom', mode: 'auto', status, partsDone });
    expect(imageNote(wecom('failed', 1), true)).toBe('textOnly');
    expect(imageNote(wecom('uncertain', 1), true)).toBe('imageUncertain');
    expect(imageNote(wecom('queued', 1), true)).toBe('imageQueued');
    expect(imageNote(wecom('failed', 0), true)).toBeNull();
    expect(imageNote(wecom('sent', 2), true)).toBeNull();
    expect(imageNote(target({ platform: 'dingtalk', mode: 'auto', status: 'sent', image: false }), true)).toBe('byHand');
    expect(imageNote(target({ platform: 'dingtalk', mode: 'auto', status: 'sent', image: false }), false)).toBeNull();
    expect(imageNote(target({}), true)).toBeNull();
    expect(logLine({ actor: 'outbox', action: 'part-sent', detail: 'qz-1-2-abc' })).toMatchObject({ action: 'part-sent', byApp: true });
    for (const key of ['textOnly', 'imageUncertain', 'imageQueued', 'byHand'] as const) {
      expect(zhCN.broadcasts.report.imageNote[key]).toBeTruthy();
      expect(en.broadcasts.report.imageNote[key]).toBeTruthy();
    }
    expect(zhCN.composer.check.image_unsupported).toBe('此机器人不能发送本地图片：只发文字，图片请手动补发');
  });

  it('shows and copies only what the core serves: a base64 PNG or JPEG data URL', async () => {
    expect(safeImageUrl(IMAGE.dataUrl)).toBe(IMAGE.dataUrl);
    for (const bad of ['https://example.com/a.png', 'javascript:alert(1)', 'data:image/svg+xml;base64,PHN2Zz4=', 'data:text/html;base64,PGI+', 'data:image/png;base64,AB"onerror="x']) expect(safeImageUrl(bad)).toBeNull();
    const blob = dataUrlToBlob(IMAGE.dataUrl);
    expect(blob.type).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer()).equals(PNG)).toBe(true);
    expect(() => dataUrlToBlob('data:image/svg+xml;base64,PHN2Zz4=')).toThrow();
  });
});

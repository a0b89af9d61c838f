import { useRef, useState } from 'react';
import { Alert, App, Button, Dropdown, Input, Modal, Segmented, Select, Tooltip, Typography } from 'antd';
import { BoldOutlined, DeleteOutlined, FontSizeOutlined, LinkOutlined, PictureOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useComposerStore } from '../../../store/broadcasts/composer.store';
import { imageSizeText, insertVariable, LIMITS, pickedImageProblem, utf8Bytes, type Problem } from '../../../store/broadcasts/composer-selectors';
import { safeImageUrl } from '../../../store/broadcasts/message-preview';
import { formatCount } from '../../../i18n';
import { errorText } from '../../../lib/errors';

/** Name, format, title and text, with variables and the markdown the robots understand. */
export function ContentStep({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  const draft = useComposerStore((s) => s.draft);
  const edit = useComposerStore((s) => s.edit);
  const variables = useComposerStore((s) => s.variables);
  const templates = useComposerStore((s) => s.templates);
  const applyTemplate = useComposerStore((s) => s.applyTemplate);
  const area = useRef<TextAreaRef>(null);
  const { message } = App.useApp();

  /** Replaces the selection with `before + selection + after` (or inserts a token) and keeps the caret after it. */
  const wrap = (before: string, after = '', placeholder = '') => {
    const el = area.current?.resizableTextArea?.textArea;
    const start = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? draft.body.length;
    const picked = draft.body.slice(start, end) || placeholder;
    const body = draft.body.slice(0, start) + before + picked + after + draft.body.slice(end);
    edit({ body });
    const caret = start + before.length + picked.length + after.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const addVariable = (name: string) => {
    const el = area.current?.resizableTextArea?.textArea;
    const r = insertVariable(draft.body, el?.selectionStart ?? draft.body.length, el?.selectionEnd ?? draft.body.length, name);
    edit({ body: r.body });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(r.caret, r.caret);
    });
  };

  const chars = [...draft.body].length;
  const bytes = utf8Bytes(draft.body);
  const markdown = draft.format === 'markdown';

  return (
    <div className="qz-composer-content">
      <label className="qz-field">
        <span>{t('composer.templates.pick')}</span>
        <Select
          value={null}
          placeholder={t('composer.templates.pick')}
          onChange={(key: string) => {
            applyTemplate(key);
            const tpl = templates.find((x) => x.key === key);
            if (tpl) void message.success(t('composer.templates.applied', { name: tpl.name }));
          }}
          options={[
            { label: t('composer.templates.groupSaved'), options: templates.filter((x) => !x.builtin).map((x) => ({ value: x.key, label: x.name })) },
            { label: t('composer.templates.groupBuiltin'), options: templates.filter((x) => x.builtin).map((x) => ({ value: x.key, label: x.time ? `${x.name}（${x.time}）` : x.name })) },
          ].filter((g) => g.options.length)}
          style={{ maxWidth: 360 }}
        />
      </label>
      <label className="qz-field">
        <span>{t('composer.name')}</span>
        <Input value={draft.name} maxLength={LIMITS.name} placeholder={t('composer.namePlaceholder')} onChange={(e) => edit({ name: e.target.value })} />
      </label>
      <div className="qz-field">
        <span id="qz-format-label">{t('composer.format')}</span>
        <Segmented
          aria-labelledby="qz-format-label"
          style={{ alignSelf: 'flex-start' }}
          value={draft.format}
          onChange={(v) => edit({ format: v as 'text' | 'markdown' })}
          options={[
            { value: 'text', label: t('composer.formatText') },
            { value: 'markdown', label: t('composer.formatMarkdown') },
          ]}
        />
        <Typography.Text type="secondary" className="qz-hint">
          {markdown ? t('composer.markdownHint') : t('composer.textHint')}
        </Typography.Text>
      </div>
      {markdown && (
        <label className="qz-field">
          <span>{t('composer.messageTitle')}</span>
          <Input value={draft.title} maxLength={LIMITS.title} placeholder={t('composer.titlePlaceholder')} onChange={(e) => edit({ title: e.target.value })} />
        </label>
      )}
      <div className="qz-field">
        <span id="qz-body-label">{t('composer.body')}</span>
        <div className="qz-composer-toolbar">
          <Dropdown menu={{ items: variables.map((v) => ({ key: v.name, label: `${v.label}  ${v.token}` })), onClick: (e) => addVariable(e.key) }} disabled={!variables.length}>
            <Button size="small">{t('composer.insertVariable')}</Button>
          </Dropdown>
          {markdown && (
            <>
              <Button size="small" icon={<BoldOutlined aria-hidden />} onClick={() => wrap('**', '**', t('composer.boldPlaceholder'))}>
                {t('composer.bold')}
              </Button>
              <Button size="small" icon={<FontSizeOutlined aria-hidden />} onClick={() => wrap('\n### ', '\n', t('composer.headingPlaceholder'))}>
                {t('composer.heading')}
              </Button>
              <Button size="small" icon={<LinkOutlined aria-hidden />} onClick={() => wrap('[', '](https://)', t('composer.linkPlaceholder'))}>
                {t('composer.link')}
              </Button>
            </>
          )}
          <SaveTemplate disabled={!draft.body.trim()} />
          <ImageButton />
        </div>
        <Input.TextArea
          ref={area}
          aria-labelledby="qz-body-label"
          value={draft.body}
          onChange={(e) => edit({ body: e.target.value })}
          autoSize={{ minRows: 8, maxRows: 18 }}
          placeholder={t('composer.bodyPlaceholder', { example: '{{group.name}}' })}
          status={problems.includes('body_too_long') ? 'error' : ''}
        />
        <Typography.Text type={chars > LIMITS.body ? 'danger' : 'secondary'} className="qz-hint">
          {t('composer.count', { chars: formatCount(chars), bytes: formatCount(bytes), max: formatCount(LIMITS.body) })}
        </Typography.Text>
      </div>
      <AttachedImage />
      {problems.filter((p) => p !== 'body_empty').map((p) => (
        <Alert key={p} type="error" showIcon title={t(`composer.problem.${p}`)} />
      ))}
    </div>
  );
}

/**
 * 图片: picks a JPG or PNG (≤ 2 MB; the core checks its bytes). Recurring broadcasts send text
 * only, so the button is off there and says why.
 */
function ImageButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const recurring = useComposerStore((s) => s.draft.scheduleMode === 'recurring');
  const busy = useComposerStore((s) => s.imageBusy);
  const addImage = useComposerStore((s) => s.addImage);
  const input = useRef<HTMLInputElement>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const problem = pickedImageProblem(file);
    if (problem) {
      void message.error(t(`composer.imageProblem.${problem}`, { name: file.name }));
      return;
    }
    try {
      await addImage(file);
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  return (
    <>
      <Tooltip title={recurring ? t('composer.imageRecurring') : t('composer.imageHint')}>
        <Button size="small" icon={<PictureOutlined aria-hidden />} disabled={recurring} loading={busy} onClick={() => input.current?.click()}>
          {t('composer.image')}
        </Button>
      </Tooltip>
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg"
        hidden
        data-testid="image-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // The same file picked again (after 移除) must fire again.
          e.target.value = '';
          void onFile(file);
        }}
      />
    </>
  );
}

/** The picked picture: its thumbnail, what each platform does with it, and 移除. */
function AttachedImage() {
  const { t } = useTranslation();
  const image = useComposerStore((s) => s.draft.image);
  const recurring = useComposerStore((s) => s.draft.scheduleMode === 'recurring');
  const removeImage = useComposerStore((s) => s.removeImage);
  const src = image ? safeImageUrl(image.dataUrl) : null;
  if (!image || !src) return null;
  return (
    <div className="qz-image-attached" data-testid="composer-image">
      <img src={src} alt={t('composer.imageAlt')} className="qz-image-thumb" />
      <div className="qz-image-info">
        <Typography.Text>{t('composer.imageInfo', { type: image.mime === 'image/png' ? 'PNG' : 'JPG', size: imageSizeText(image.size) })}</Typography.Text>
        <Typography.Text type={recurring ? 'danger' : 'secondary'} className="qz-hint">
          {recurring ? t('composer.problem.image_recurring') : t('composer.imagePlatforms')}
        </Typography.Text>
        <Button size="small" icon={<DeleteOutlined aria-hidden />} onClick={removeImage} style={{ alignSelf: 'flex-start' }}>
          {t('composer.imageRemove')}
        </Button>
      </div>
    </div>
  );
}

/** 存为模板: the current format, title and text under a name; a taken name is said in the form. */
function SaveTemplate({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const save = useComposerStore((s) => s.saveTemplate);
  const withImage = useComposerStore((s) => s.draft.image !== null);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const submit = async () => {
    setSaving(true);
    try {
      const saved = await save(name.trim());
      setOpen(false);
      void message.success(t('composer.templates.savedOk', { name: saved.name }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Button size="small" icon={<SaveOutlined aria-hidden />} disabled={disabled} onClick={() => (setOpen(true), setName(''), setError(null))}>
        {t('composer.templates.save')}
      </Button>
      <Modal open={open} title={t('composer.templates.saveTitle')} onCancel={() => setOpen(false)} onOk={() => void submit()} okButtonProps={{ disabled: !name.trim(), loading: saving }} destroyOnHidden>
        <label className="qz-field">
          <span>{t('composer.templates.name')}</span>
          <Input autoFocus maxLength={40} value={name} onChange={(e) => (setName(e.target.value), setError(null))} onPressEnter={() => name.trim() && void submit()} status={error ? 'error' : ''} />
        </label>
        {withImage && (
          <Typography.Text type="secondary" className="qz-hint">
            {t('composer.templates.noImage')}
          </Typography.Text>
        )}
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Modal>
    </>
  );
}

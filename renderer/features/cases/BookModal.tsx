import { useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BOOK_FORMATS, CASE_TAG_KINDS } from '../../../shared/api/cases';
import { useCaseListStore } from '../../store/cases/list.store';
import { checkedInOrder } from '../../store/cases/selectors';
import { useExportResult } from './useExportResult';

type BookFormat = (typeof BOOK_FORMATS)[number];

/** 导出案例集: the ticked cases or every case with a tag, as one document with a cover and a table of contents. */
export function BookModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const items = useCaseListStore((s) => s.items);
  const checked = useCaseListStore((s) => s.checked);
  const tags = useCaseListStore((s) => s.tags);
  const exportBook = useCaseListStore((s) => s.exportBook);
  const report = useExportResult();
  const ids = checkedInOrder(items, checked);
  const [source, setSource] = useState<'checked' | 'tag'>(ids.length ? 'checked' : 'tag');
  const [tag, setTag] = useState<string | null>(null);
  const [format, setFormat] = useState<BookFormat>('html');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = source === 'checked' ? ids.length > 0 : tag !== null;
  // The same word may be a tag of several kinds; the book takes every case with it.
  const tagNames = [...new Set(CASE_TAG_KINDS.flatMap((k) => tags.filter((x) => x.kind === k).map((x) => x.tag)))];

  const run = async () => {
    setBusy(true);
    const r = await report(() => exportBook(source === 'checked' ? { ids } : { tag: tag! }, format, title));
    setBusy(false);
    if (r) onClose();
  };

  return (
    <Modal
      open={open}
      title={t('cases.bookDialog.title')}
      okText={t('cases.bookDialog.ok')}
      onOk={() => void run()}
      onCancel={onClose}
      okButtonProps={{ disabled: !ready, loading: busy }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cases.bookDialog.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('cases.bookDialog.source')}>
          <Radio.Group value={source} onChange={(e) => setSource(e.target.value as 'checked' | 'tag')}>
            <Radio value="checked">{t('cases.bookDialog.checked', { count: ids.length })}</Radio>
            <Radio value="tag">{t('cases.bookDialog.byTag')}</Radio>
          </Radio.Group>
        </Form.Item>
        {source === 'checked' && ids.length === 0 && <Alert type="info" showIcon title={t('cases.bookDialog.noChecked')} style={{ marginBottom: 16 }} />}
        {source === 'tag' && (
          <Form.Item label={t('cases.bookDialog.tag')}>
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('cases.bookDialog.tag')}
              placeholder={t('cases.bookDialog.pickTag')}
              value={tag}
              onChange={setTag}
              options={tagNames.map((x) => ({ value: x, label: x }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('cases.bookDialog.name')}>
          <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('cases.bookDialog.namePlaceholder')} maxLength={200} />
        </Form.Item>
        <Form.Item label={t('cases.bookDialog.format')}>
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as BookFormat)} optionType="button">
            {BOOK_FORMATS.map((f) => (
              <Radio.Button key={f} value={f}>
                {t(`cases.format.${f}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

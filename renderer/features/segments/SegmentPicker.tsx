import { App, Button, Popconfirm, Select, Space, Tooltip } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SegmentDto } from '../../../shared/domain/segment';
import { errorText } from '../../lib/errors';

interface Props {
  /** Where the target's words are, as for the editor: `${ns}.new`, `${ns}.deleteConfirm` … */
  ns: 'groups.segment' | 'roster.segment';
  /** The select's name (placeholder and accessible name). */
  label: string;
  segments: readonly SegmentDto[];
  /** The segment filtering the page, if any. */
  value: number | null;
  onChange(id: number | null): void;
  onNew(): void;
  onEdit(segment: SegmentDto): void;
  onDelete(id: number): Promise<void>;
}

/**
 * A page's segment filter, for either target: pick a saved segment, and beside it edit or delete
 * the one picked (after a confirmation), or start a new one. Opening the editor is the page's.
 */
export function SegmentPicker({ ns, label, segments, value, onChange, onNew, onEdit, onDelete }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const segment = segments.find((s) => s.id === value) ?? null;

  const remove = async (s: SegmentDto) => {
    try {
      await onDelete(s.id);
      void message.success(t(`${ns}.deleted`, { name: s.name }));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Space.Compact>
      <Select<number | null>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={label}
        aria-label={label}
        value={value}
        onChange={(id) => onChange(id ?? null)}
        options={segments.map((s) => ({ value: s.id, label: s.name }))}
        notFoundContent={t(`${ns}.noSegments`)}
        style={{ width: 180 }}
      />
      {segment && (
        <Tooltip title={t(`${ns}.edit`)}>
          <Button aria-label={t(`${ns}.edit`)} icon={<EditOutlined aria-hidden />} onClick={() => onEdit(segment)} />
        </Tooltip>
      )}
      {segment && (
        <Popconfirm
          title={t(`${ns}.deleteConfirm`, { name: segment.name })}
          description={t(`${ns}.deleteHint`)}
          okText={t(`${ns}.deleteOk`)}
          okButtonProps={{ danger: true }}
          cancelText={t('form.cancel')}
          onConfirm={() => remove(segment)}
        >
          <Tooltip title={t(`${ns}.delete`)}>
            <Button aria-label={t(`${ns}.delete`)} icon={<DeleteOutlined aria-hidden />} />
          </Tooltip>
        </Popconfirm>
      )}
      <Button icon={<PlusOutlined aria-hidden />} onClick={onNew}>
        {t(`${ns}.new`)}
      </Button>
    </Space.Compact>
  );
}

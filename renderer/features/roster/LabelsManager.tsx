import { useEffect, useState } from 'react';
import { App, Button, Empty, Flex, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, MergeCellsOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LABEL_COLORS, type LabelDto } from '../../../shared/domain/roster';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useRosterStore } from '../../store/roster/roster.store';

type Color = LabelDto['color'];

function ColorSelect({ value, onChange, label }: { value: Color; onChange(c: Color): void; label: string }) {
  const { t } = useTranslation();
  return (
    <Select<Color>
      aria-label={label}
      value={value}
      onChange={onChange}
      options={LABEL_COLORS.map((c) => ({ value: c, label: t(`roster.color.${c}`) }))}
      optionRender={(o) => <Tag color={o.value as string}>{o.label}</Tag>}
      labelRender={(o) => <Tag color={o.value as string}>{o.label}</Tag>}
      style={{ width: 120 }}
    />
  );
}

/** One label's row: rename and recolour in place, merge into another, delete with confirmation. */
function LabelRow({ l }: { l: LabelDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useRosterStore((s) => s.labels);
  const saveLabel = useRosterStore((s) => s.saveLabel);
  const mergeLabels = useRosterStore((s) => s.mergeLabels);
  const deleteLabel = useRosterStore((s) => s.deleteLabel);
  const [name, setName] = useState(l.name);
  const [color, setColor] = useState<Color>(l.color);
  const [into, setInto] = useState<number | null>(null);
  useEffect(() => {
    setName(l.name);
    setColor(l.color);
  }, [l.name, l.color]);
  const dirty = name.trim() !== l.name || color !== l.color;
  const target = labels.find((x) => x.id === into);

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      void message.success(ok);
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Flex gap={8} align="center" wrap data-testid="label-row" data-name={l.name}>
      <Input aria-label={t('roster.labels.name')} value={name} maxLength={40} onChange={(e) => setName(e.target.value)} style={{ width: 160 }} />
      <ColorSelect value={color} onChange={setColor} label={t('roster.labels.color')} />
      <Button disabled={!dirty || !name.trim()} onClick={() => void act(() => saveLabel(l.id, name.trim(), color), t('roster.labels.saved', { name: name.trim() }))}>
        {t('roster.labels.rename')}
      </Button>
      <Typography.Text type="secondary" style={{ width: 72, textAlign: 'right' }}>
        {formatCount(l.members)}
      </Typography.Text>
      <Space.Compact>
        <Select<number | null>
          allowClear
          placeholder={t('roster.labels.merge')}
          aria-label={t('roster.labels.mergeInto', { from: l.name })}
          value={into}
          onChange={(v) => setInto(v ?? null)}
          options={labels.filter((x) => x.id !== l.id).map((x) => ({ value: x.id, label: x.name }))}
          style={{ width: 130 }}
        />
        <Popconfirm
          disabled={!target}
          title={target ? t('roster.labels.mergeConfirm', { from: l.name, into: target.name, n: formatCount(l.members) }) : ''}
          okText={t('roster.labels.merge')}
          cancelText={t('form.cancel')}
          onConfirm={() => (target ? act(() => mergeLabels(l.id, target.id), t('roster.labels.merged', { name: target.name })) : undefined)}
        >
          <Button disabled={!target} icon={<MergeCellsOutlined aria-hidden />} aria-label={t('roster.labels.merge')} />
        </Popconfirm>
      </Space.Compact>
      <Popconfirm
        title={t('roster.labels.deleteConfirm', { name: l.name })}
        description={t('roster.labels.deleteHint', { n: formatCount(l.members) })}
        okText={t('roster.labels.delete')}
        okButtonProps={{ danger: true }}
        cancelText={t('form.cancel')}
        onConfirm={() => act(() => deleteLabel(l.id), t('roster.labels.deleted', { name: l.name }))}
      >
        <Button danger type="text" icon={<DeleteOutlined aria-hidden />} aria-label={`${t('roster.labels.delete')} ${l.name}`} />
      </Popconfirm>
    </Flex>
  );
}

/** The labels manager: create with a colour, rename, merge into another, delete. */
export function LabelsManager({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useRosterStore((s) => s.labels);
  const createLabel = useRosterStore((s) => s.createLabel);
  const loadLabels = useRosterStore((s) => s.loadLabels);
  const [name, setName] = useState('');
  const [color, setColor] = useState<Color>('blue');

  useEffect(() => {
    if (open) void loadLabels();
  }, [open, loadLabels]);

  const create = async () => {
    const n = name.trim();
    if (!n) return;
    try {
      await createLabel(n, color);
      setName('');
      void message.success(t('roster.labels.created', { name: n }));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Modal open={open} title={t('roster.labels.title')} width={820} onCancel={onClose} footer={<Button onClick={onClose}>{t('roster.import.close')}</Button>} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('roster.labels.intro')}</Typography.Paragraph>
      <Flex gap={8} align="center" style={{ marginBottom: 16 }}>
        <Input aria-label={t('roster.labels.newName')} placeholder={t('roster.labels.newName')} value={name} maxLength={40} onChange={(e) => setName(e.target.value)} onPressEnter={() => void create()} style={{ width: 200 }} />
        <ColorSelect value={color} onChange={setColor} label={t('roster.labels.color')} />
        <Button type="primary" icon={<PlusOutlined aria-hidden />} disabled={!name.trim()} onClick={() => void create()}>
          {t('roster.labels.create')}
        </Button>
      </Flex>
      {labels.length === 0 ? (
        <Empty description={t('roster.labels.empty')} />
      ) : (
        <Table<LabelDto>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={labels}
          showHeader={false}
          columns={[{ key: 'row', render: (_: unknown, l) => <LabelRow l={l} /> }]}
          scroll={{ y: 420 }}
        />
      )}
    </Modal>
  );
}

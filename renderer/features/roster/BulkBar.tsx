import { useState } from 'react';
import { App, Button, Dropdown, Tag, Typography, type MenuProps } from 'antd';
import { CloseOutlined, DownloadOutlined, EditOutlined, MinusCircleOutlined, PlusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LabelDto } from '../../../shared/domain/roster';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useRosterStore, type BulkAction } from '../../store/roster/roster.store';
import { hasSelection, loadedSelectionState, selectionSize } from '../../store/roster/selectors';
import { FieldValueModal } from './FieldValueModal';
import { LabelFormModal } from './LabelFormModal';
import { fieldName } from './format';

const NEW_LABEL = 'new-label';

/** What can be done to the selected members: labels, a field value, an export. */
export function BulkBar() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const selection = useRosterStore((s) => s.selection);
  const items = useRosterStore((s) => s.items);
  const window = useRosterStore((s) => s.window);
  const count = useRosterStore((s) => s.count);
  const labels = useRosterStore((s) => s.labels);
  const fields = useRosterStore((s) => s.fields);
  const bulk = useRosterStore((s) => s.bulk);
  const selectAllMatching = useRosterStore((s) => s.selectAllMatching);
  const clearSelection = useRosterStore((s) => s.clearSelection);
  const exportSelection = useRosterStore((s) => s.exportSelection);
  const [newLabel, setNewLabel] = useState(false);
  const [fieldOpen, setFieldOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!hasSelection(selection)) return null;

  const size = selectionSize(selection, count);
  const n = size === null ? '…' : formatCount(size);
  const everyLoaded = loadedSelectionState(selection, items) === 'all';
  const more = !selection.all && everyLoaded && (window.next !== null || window.base > 0 || (count !== null && count > items.length));

  /** Acting on "all matching" changes members the operator has not seen: ask first. */
  const confirmed = (action: string) =>
    !selection.all
      ? Promise.resolve(true)
      : modal.confirm({ title: t('roster.bulk.confirmAll', { n, action }), content: t('roster.bulk.confirmAllHint'), okText: t('roster.fieldModal.apply'), cancelText: t('form.cancel') }).then(
          (ok) => ok === true,
          () => false,
        );

  const run = async (action: BulkAction, done: (changed: number) => string) => {
    setBusy(true);
    try {
      const changed = await bulk(action);
      void message.success(done(changed));
    } finally {
      setBusy(false);
    }
  };

  const label = async (l: LabelDto, on: boolean) => {
    const actionName = t('roster.bulk.actionOn', { action: t(on ? 'roster.bulk.addLabel' : 'roster.bulk.removeLabel'), name: l.name });
    if (!(await confirmed(actionName))) return;
    try {
      await run({ type: 'label', labelId: l.id, on }, (changed) => t(on ? 'roster.bulk.labelAdded' : 'roster.bulk.labelRemoved', { n: formatCount(changed), label: l.name }));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const labelItems = (on: boolean): NonNullable<MenuProps['items']> => [
    ...labels.map((l) => ({ key: String(l.id), label: <Tag color={l.color}>{l.name}</Tag> })),
    ...(labels.length === 0 && !on ? [{ key: 'none', label: t('roster.bulk.noLabels'), disabled: true }] : []),
    ...(on ? [{ type: 'divider' as const }, { key: NEW_LABEL, icon: <PlusOutlined aria-hidden />, label: t('roster.bulk.newLabel') }] : []),
  ];
  const onLabelMenu = (on: boolean) => (info: { key: string }) => {
    if (info.key === NEW_LABEL) return setNewLabel(true);
    const l = labels.find((x) => String(x.id) === info.key);
    if (l) void label(l, on);
  };

  const doExport = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      const r = await exportSelection(format);
      void message.success(t('roster.export.done', { n: formatCount(r.rows), name: r.name }));
    } catch (e) {
      void message.error(t('roster.export.failed', { error: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="qz-bulkbar" role="toolbar" aria-label={t('roster.bulk.selected', { n })} data-testid="bulk-bar">
      <Typography.Text strong data-testid="bulk-count">
        {selection.all ? t('roster.bulk.selectedAll', { n }) : t('roster.bulk.selected', { n })}
      </Typography.Text>
      {more && (
        <Button type="link" size="small" onClick={selectAllMatching}>
          {count === null ? t('roster.bulk.selectAllMatching', { n: '…' }) : t('roster.bulk.selectAllMatching', { n: formatCount(count) })}
        </Button>
      )}
      <Dropdown menu={{ items: labelItems(true), onClick: onLabelMenu(true) }} trigger={['click']} disabled={busy}>
        <Button icon={<PlusCircleOutlined aria-hidden />}>{t('roster.bulk.addLabel')}</Button>
      </Dropdown>
      <Dropdown menu={{ items: labelItems(false), onClick: onLabelMenu(false) }} trigger={['click']} disabled={busy}>
        <Button icon={<MinusCircleOutlined aria-hidden />}>{t('roster.bulk.removeLabel')}</Button>
      </Dropdown>
      <Button icon={<EditOutlined aria-hidden />} onClick={() => setFieldOpen(true)} disabled={busy}>
        {t('roster.bulk.setField')}
      </Button>
      <Dropdown
        trigger={['click']}
        disabled={busy}
        menu={{
          items: [
            { key: 'csv', label: t('roster.export.csv') },
            { key: 'xlsx', label: t('roster.export.xlsx') },
          ],
          onClick: ({ key }) => void doExport(key as 'csv' | 'xlsx'),
        }}
      >
        <Button icon={<DownloadOutlined aria-hidden />}>{t('roster.bulk.export')}</Button>
      </Dropdown>
      <Button type="text" icon={<CloseOutlined aria-hidden />} onClick={clearSelection}>
        {t('roster.bulk.clear')}
      </Button>
      <LabelFormModal
        open={newLabel}
        okText={t('roster.labelModal.createAndAdd')}
        onClose={() => setNewLabel(false)}
        onCreated={async (l) => {
          if (!(await confirmed(t('roster.bulk.actionOn', { action: t('roster.bulk.addLabel'), name: l.name })))) return;
          await run({ type: 'label', labelId: l.id, on: true }, (changed) => t('roster.bulk.labelAdded', { n: formatCount(changed), label: l.name }));
        }}
      />
      <FieldValueModal
        open={fieldOpen}
        count={n}
        onClose={() => setFieldOpen(false)}
        onApply={async (key, value) => {
          const f = fields.find((x) => x.key === key);
          const name = f ? fieldName(t, f) : key;
          if (!(await confirmed(t('roster.bulk.actionOn', { action: t('roster.bulk.setField'), name })))) return;
          await run({ type: 'field', key, value }, (changed) => t(value === null ? 'roster.bulk.fieldCleared' : 'roster.bulk.fieldSet', { n: formatCount(changed), field: name }));
        }}
      />
    </div>
  );
}

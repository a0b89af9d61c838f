import { Button, Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ColumnMapDto } from '../../../shared/api/imports';
import { completeColumnMap, useImportsStore } from '../../store/imports/imports.store';

const FIELDS: { key: keyof ColumnMapDto; required: boolean }[] = [
  { key: 'time', required: true },
  { key: 'senderName', required: true },
  { key: 'text', required: true },
  { key: 'senderId', required: false },
  { key: 'group', required: false },
];

/** Generic CSV/Excel: say which column holds what, with the first rows in view. */
export function ColumnMapping() {
  const { t } = useTranslation();
  const { table, columnMap, setColumn, confirmColumns, reset, fileName } = useImportsStore();
  if (!table) return null;
  const options = table.headers.map((h) => ({ value: h, label: h }));
  const ready = completeColumnMap(columnMap) !== null;
  return (
    <Card
      title={
        <Space>
          {t('imports.mapTitle', { file: fileName })}
          {table.remembered && <Tag color="green">{t('imports.mapRemembered')}</Tag>}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('imports.mapHint')}</Typography.Paragraph>
      <Form layout="inline" style={{ rowGap: 12, marginBottom: 16 }}>
        {FIELDS.map((f) => (
          <Form.Item key={f.key} label={t(`imports.map.${f.key}`)} required={f.required}>
            <Select
              aria-label={t(`imports.map.${f.key}`)}
              allowClear={!f.required}
              style={{ width: 160 }}
              options={options}
              value={columnMap[f.key]}
              onChange={(v: string | undefined) => setColumn(f.key, v)}
              placeholder={f.required ? t('imports.mapChoose') : t('imports.mapNone')}
            />
          </Form.Item>
        ))}
      </Form>
      <Table
        size="small"
        pagination={false}
        scroll={{ x: true }}
        rowKey={(_, i) => String(i)}
        columns={table.headers.map((h, i) => ({ title: h, key: String(i), render: (_: unknown, row: string[]) => row[i] ?? '' }))}
        dataSource={table.rows.slice(0, 5)}
      />
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" disabled={!ready} onClick={() => void confirmColumns()}>
          {t('imports.mapConfirm')}
        </Button>
        <Button onClick={reset}>{t('form.cancel')}</Button>
      </Space>
    </Card>
  );
}

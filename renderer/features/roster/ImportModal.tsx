import { Alert, Button, Descriptions, Flex, Modal, Result, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RosterImportReport } from '../../../shared/api/roster';
import { formatCount } from '../../i18n';
import { useRosterImportStore } from '../../store/roster/io.store';
import { useRosterStore } from '../../store/roster/roster.store';
import { importTarget } from '../../store/roster/selectors';
import { fieldName } from './format';

// The core lists at most this many unmatched rows and invalid values.
const LISTED = 1000;

function Report({ r }: { r: RosterImportReport }) {
  const { t } = useTranslation();
  const fields = useRosterStore((s) => s.fields);
  const targetName = (target: string) => {
    const x = importTarget(target, fields);
    return x.key === 'field' && x.field ? t('roster.import.target.field', { name: fieldName(t, x.field) }) : t(`roster.import.target.${x.key === 'field' ? 'other' : x.key}`);
  };
  return (
    <Flex orientation="vertical" gap={16} data-testid="import-report">
      <Descriptions
        size="small"
        bordered
        column={3}
        items={[
          { key: 'rows', label: t('roster.import.rows'), children: <span data-testid="import-rows">{formatCount(r.rows)}</span> },
          {
            key: 'matched',
            label: t('roster.import.matched'),
            children: (
              <Typography.Text type="success" data-testid="import-matched">
                {formatCount(r.matched)}
              </Typography.Text>
            ),
          },
          { key: 'unmatched', label: t('roster.import.unmatched'), children: r.rows > r.matched ? <Typography.Text type="warning">{formatCount(r.rows - r.matched)}</Typography.Text> : formatCount(0) },
          { key: 'fields', label: t(r.applied ? 'roster.import.fieldsSetDone' : 'roster.import.fieldsSet'), children: formatCount(r.fieldsSet) },
          { key: 'labels', label: t(r.applied ? 'roster.import.labelsAddedDone' : 'roster.import.labelsAdded'), children: formatCount(r.labelsAdded) },
          { key: 'invalid', label: t('roster.import.invalid'), children: formatCount(r.invalid.length) },
        ]}
      />
      <div>
        <Typography.Text strong>{t('roster.import.columns')}</Typography.Text>
        <div style={{ marginTop: 4 }}>
          <Space size={[4, 4]} wrap>
            {r.columns.map((c) => (
              <Tag key={c.header} color="green">
                {c.header} → {targetName(c.target)}
              </Tag>
            ))}
          </Space>
        </div>
      </div>
      {r.ignoredColumns.length > 0 && (
        <div>
          <Typography.Text strong>{t('roster.import.ignored')}</Typography.Text>
          <div style={{ marginTop: 4 }}>
            <Space size={[4, 4]} wrap>
              {r.ignoredColumns.map((c) => (
                <Tag key={c}>{c}</Tag>
              ))}
            </Space>
          </div>
        </div>
      )}
      {r.labelsCreated.length > 0 && (
        <div>
          <Typography.Text strong>{t('roster.import.labelsCreated')}</Typography.Text>
          <div style={{ marginTop: 4 }}>
            <Space size={[4, 4]} wrap>
              {r.labelsCreated.map((c) => (
                <Tag key={c} color="blue">
                  {c}
                </Tag>
              ))}
            </Space>
          </div>
        </div>
      )}
      {r.unmatched.length > 0 && (
        <div>
          <Typography.Text strong>{t('roster.import.unmatchedTitle')}</Typography.Text>
          {r.unmatched.length >= LISTED && <Typography.Text type="secondary"> {t('roster.import.listCapped', { n: formatCount(LISTED) })}</Typography.Text>}
          <Table
            size="small"
            rowKey={(x) => `${x.line}-${x.platformUserId}`}
            pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
            dataSource={r.unmatched}
            columns={[
              { title: t('roster.import.line'), dataIndex: 'line', width: 80 },
              { title: t('roster.import.platformUserId'), dataIndex: 'platformUserId' },
            ]}
          />
        </div>
      )}
      {r.invalid.length > 0 && (
        <div>
          <Typography.Text strong>{t('roster.import.invalidTitle')}</Typography.Text>
          <Table
            size="small"
            rowKey={(x) => `${x.line}-${x.header}`}
            pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
            dataSource={r.invalid}
            columns={[
              { title: t('roster.import.line'), dataIndex: 'line', width: 80 },
              { title: t('roster.import.header'), dataIndex: 'header', width: 140 },
              { title: t('roster.import.value'), dataIndex: 'value' },
            ]}
          />
        </div>
      )}
      {!r.applied && r.fieldsSet === 0 && r.labelsAdded === 0 && <Alert type="info" showIcon title={t('roster.import.nothing')} />}
    </Flex>
  );
}

/** Import fields and labels from a CSV/XLSX: upload, see what would change, then apply. */
export function ImportModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const stage = useRosterImportStore((s) => s.stage);
  const fileName = useRosterImportStore((s) => s.fileName);
  const report = useRosterImportStore((s) => s.report);
  const error = useRosterImportStore((s) => s.error);
  const pick = useRosterImportStore((s) => s.pick);
  const apply = useRosterImportStore((s) => s.apply);
  const reset = useRosterImportStore((s) => s.reset);
  const busy = stage === 'uploading' || stage === 'previewing' || stage === 'applying';

  const close = () => {
    if (busy) return;
    reset();
    onClose();
  };

  const dragger = (
    <Upload.Dragger
      accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      multiple={false}
      showUploadList={false}
      beforeUpload={(file) => {
        void pick(file);
        return false;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined aria-hidden />
      </p>
      <p className="ant-upload-text">{t('roster.import.drop')}</p>
    </Upload.Dragger>
  );

  let body;
  if (stage === 'idle') body = dragger;
  else if (busy)
    body = (
      <div style={{ padding: 48, display: 'grid', placeItems: 'center' }}>
        <Spin description={`${t(`roster.import.${stage as 'uploading' | 'previewing' | 'applying'}`)} ${fileName ?? ''}`} />
      </div>
    );
  else if (stage === 'failed')
    body = (
      <Flex orientation="vertical" gap={16}>
        <Alert type="error" showIcon title={t('roster.import.failed')} description={error} />
        {dragger}
      </Flex>
    );
  else if (stage === 'done' && report)
    body = (
      <>
        <Result status="success" title={t('roster.import.doneTitle')} subTitle={t('roster.import.done', { fields: formatCount(report.fieldsSet), labels: formatCount(report.labelsAdded) })} />
        <Report r={report} />
      </>
    );
  else if (report) body = <Report r={report} />;

  const footer =
    stage === 'preview' && report ? (
      <Space>
        <Button onClick={reset}>{t('roster.import.again')}</Button>
        <Button type="primary" onClick={() => void apply()} disabled={report.fieldsSet === 0 && report.labelsAdded === 0}>
          {t('roster.import.apply')}
        </Button>
      </Space>
    ) : stage === 'done' ? (
      <Button type="primary" onClick={close}>
        {t('roster.import.close')}
      </Button>
    ) : (
      <Button onClick={close} disabled={busy}>
        {t('roster.import.cancel')}
      </Button>
    );

  return (
    <Modal open={open} title={fileName && stage !== 'idle' ? t('roster.import.titleFile', { file: fileName }) : t('roster.import.title')} width={820} onCancel={close} footer={footer} mask={{ closable: false }} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('roster.import.intro')}</Typography.Paragraph>
      {body}
    </Modal>
  );
}

import { useEffect, useMemo } from 'react';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportBatchDto, PreviewChatDto } from '../../../shared/api/imports';
import { formatShortStamp, formatStamp, formatStampDay } from '../../lib/time';
import { importFormatName } from '../../../shared/domain/import-formats';
import { formatCount } from '../../i18n';
import { percent, speed, useImportsStore, type ChatChoice } from '../../store/imports/imports.store';
import { useGroupsStore } from '../../store/groups/groups.store';
import { useSettingsStore } from '../../store/settings/settings.store';
import { ColumnMapping } from './ColumnMapping';

const STATUS_COLORS: Record<ImportBatchDto['status'], string> = { running: 'processing', done: 'success', failed: 'error', cancelled: 'default', undone: 'default' };

/** Imports: drop an export, preview what it holds, map chats to groups, import with progress, undo from the history. */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const formatName = (id: string) => importFormatName(id, i18n.language === 'en' ? 'en' : 'zh-CN');
  const { message } = App.useApp();
  const s = useImportsStore();
  const attach = useImportsStore((x) => x.attach);
  const groups = useGroupsStore((g) => g.items);
  const loadGroups = useGroupsStore((g) => g.load);
  // In the desktop app a click opens its own picker, in the folder of the last import; drops work everywhere.
  const appPicker = useSettingsStore((x) => x.info?.filePicker ?? false);

  // Fresh on every visit: a job running in the core (started before a reload, or in another
  // window) is taken up, then the history. The job's progress events are the store's to hear (it
  // listens while a job runs, whether or not this page is shown), so nothing here subscribes.
  useEffect(() => {
    void attach();
    void loadGroups();
  }, [attach, loadGroups]);

  const busy = s.stage === 'uploading' || s.stage === 'previewing' || s.stage === 'importing';
  const pct = percent(s.progress);

  const targetOptions = useMemo(
    () => [
      { value: 'new', label: t('imports.targetNew') },
      { value: 'skip', label: t('imports.targetSkip') },
      ...groups.map((g) => ({ value: g.id, label: g.name })),
    ],
    [groups, t],
  );

  const chatColumns = [
    { title: t('imports.col.chat'), dataIndex: 'name', render: (n: string, c: PreviewChatDto) => <Space><Typography.Text strong>{n}</Typography.Text><Tag>{t(`imports.kind.${c.kind}`)}</Tag></Space> },
    { title: t('imports.col.messages'), dataIndex: 'messages', align: 'right' as const, render: (n: number) => formatCount(n) },
    { title: t('imports.col.senders'), dataIndex: 'senders', align: 'right' as const, render: (n: number) => formatCount(n) },
    { title: t('imports.col.range'), key: 'range', render: (_: unknown, c: PreviewChatDto) => (c.firstAt ? `${formatStampDay(c.firstAt)} ~ ${c.lastAt ? formatStampDay(c.lastAt) : ''}` : '—') },
    {
      title: t('imports.col.target'),
      key: 'target',
      width: 260,
      render: (_: unknown, c: PreviewChatDto) => (
        <Select<ChatChoice> aria-label={t('imports.col.target')} style={{ width: 240 }} value={s.choices[c.key] ?? 'new'} options={targetOptions} onChange={(v) => s.choose(c.key, v)} showSearch optionFilterProp="label" />
      ),
    },
  ];

  const historyColumns = [
    { title: t('imports.col.file'), dataIndex: 'fileName' },
    { title: t('imports.col.format'), dataIndex: 'format', render: (v: string) => formatName(v) },
    { title: t('imports.col.status'), dataIndex: 'status', render: (v: ImportBatchDto['status']) => <Tag color={STATUS_COLORS[v]}>{t(`imports.status.${v}`)}</Tag> },
    { title: t('imports.col.added'), dataIndex: 'messagesAdded', align: 'right' as const, render: (n: number) => formatCount(n) },
    { title: t('imports.col.duplicates'), dataIndex: 'duplicates', align: 'right' as const, render: (n: number) => formatCount(n) },
    { title: t('imports.col.members'), dataIndex: 'membersAdded', align: 'right' as const, render: (n: number) => formatCount(n) },
    { title: t('imports.col.when'), dataIndex: 'startedAt', render: (v: string) => formatStamp(v) },
    {
      title: t('imports.col.actions'),
      key: 'actions',
      render: (_: unknown, b: ImportBatchDto) =>
        b.status === 'done' ? (
          <Popconfirm
            title={t('imports.undoConfirm', { count: b.messagesAdded })}
            okText={t('imports.undo')}
            cancelText={t('form.cancel')}
            onConfirm={() => s.undo(b.id).then(() => void message.success(t('imports.undone')), (e: Error) => void message.error(e.message))}
          >
            <Button size="small" danger>
              {t('imports.undo')}
            </Button>
          </Popconfirm>
        ) : b.error ? (
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }} title={b.error}>
            {b.error}
          </Typography.Text>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('imports.title')}
      </Typography.Title>

      {(s.stage === 'idle' || s.stage === 'finished') && (
        <Upload.Dragger
          multiple={false}
          showUploadList={false}
          openFileDialogOnClick={!appPicker}
          beforeUpload={(file) => {
            void s.pickFile(file);
            return false;
          }}
        >
          <div onClick={appPicker ? () => void s.pickWithDialog() : undefined}>
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('imports.drop')}</p>
            <p className="ant-upload-hint">{t('imports.formats')}</p>
          </div>
        </Upload.Dragger>
      )}

      {s.stage === 'mapping' && <ColumnMapping />}

      {s.error && <Alert type="error" showIcon title={t('imports.failed')} description={s.error} />}

      {busy && (
        <Card title={`${t(`imports.stage.${s.stage}`)} — ${s.fileName ?? ''}`}>
          <Progress percent={pct ?? 0} status="active" showInfo={pct !== null} />
          <Space style={{ marginTop: 8 }}>
            {s.progress?.waiting && <Typography.Text type="warning">{t('imports.waiting')}</Typography.Text>}
            <Typography.Text>{t('imports.read', { count: s.progress?.messages ?? 0 })}</Typography.Text>
            <Typography.Text type="secondary">{t('imports.speed', { speed: formatCount(Math.round(speed(s.progress))) })}</Typography.Text>
            {s.stage !== 'uploading' && (
              <Button onClick={() => void s.cancel()} danger>
                {t('imports.cancel')}
              </Button>
            )}
          </Space>
        </Card>
      )}

      {s.stage === 'preview' && s.preview && (
        <Card title={t('imports.previewTitle', { file: s.fileName })}>
          <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('imports.col.format')}>{formatName(s.preview.format)}</Descriptions.Item>
            <Descriptions.Item label={t('imports.chats')}>{s.preview.chats?.length ?? 0}</Descriptions.Item>
            <Descriptions.Item label={t('imports.col.messages')}>{formatCount((s.preview.chats ?? []).reduce((n, c) => n + c.messages, 0))}</Descriptions.Item>
          </Descriptions>
          <Table<PreviewChatDto>
            rowKey="key"
            size="small"
            pagination={false}
            columns={chatColumns}
            dataSource={s.preview.chats ?? []}
            expandable={{
              expandedRowRender: (c) => (
                <Space orientation="vertical" size={2}>
                  {c.samples.map((m, i) => (
                    <Typography.Text key={i}>
                      <Typography.Text type="secondary">{formatShortStamp(m.sentAt)} {m.sender}：</Typography.Text>
                      {m.text}
                    </Typography.Text>
                  ))}
                </Space>
              ),
            }}
          />
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" onClick={() => void s.startImport()}>
              {t('imports.start')}
            </Button>
            <Button onClick={s.reset}>{t('form.cancel')}</Button>
          </Space>
        </Card>
      )}

      {s.stage === 'finished' && s.result?.summary && (
        <Alert
          type={s.result.status === 'done' ? 'success' : 'warning'}
          showIcon
          title={s.result.status === 'done' ? t('imports.doneTitle') : t(`imports.status.${s.result.status}`)}
          description={(() => {
            const m = s.result.summary;
            // Numbers as everywhere else (1,200), not as raw digits.
            return t('imports.summary', { messagesAdded: formatCount(m.messagesAdded), duplicates: formatCount(m.duplicates), membersAdded: formatCount(m.membersAdded), events: formatCount(m.events), groupsCreated: formatCount(m.groupsCreated) });
          })()}
        />
      )}

      <Card title={t('imports.history')}>
        <Table<ImportBatchDto> rowKey="id" size="small" columns={historyColumns} dataSource={s.history} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('imports.historyEmpty') }} />
      </Card>
    </Space>
  );
}

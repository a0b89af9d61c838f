import { Alert, Button, Empty, Flex, Table, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BroadcastRowDto } from '../../../shared/api/broadcasts';
import { useBroadcastListStore } from '../../store/broadcasts/list.store';
import { BroadcastProgress } from './BroadcastProgress';
import { BroadcastStatusTags } from './StatusTags';
import { TimeCell } from './TimeCell';

/** Newest first: name (opens the report), status, times and progress. */
export function BroadcastList({ onOpen, onNew }: { onOpen(id: number): void; onNew(): void }) {
  const { t } = useTranslation();
  const items = useBroadcastListStore((s) => s.items);
  const loading = useBroadcastListStore((s) => s.loading);
  const loaded = useBroadcastListStore((s) => s.loaded);
  const error = useBroadcastListStore((s) => s.error);
  const load = useBroadcastListStore((s) => s.load);

  if (error && items.length === 0)
    return (
      <Alert
        type="error"
        showIcon
        title={t('broadcasts.loadFailed')}
        description={error}
        action={
          <Button size="small" onClick={() => void load()}>
            {t('broadcasts.retry')}
          </Button>
        }
      />
    );

  if (loaded && items.length === 0)
    return (
      <Empty data-testid="broadcasts-empty" description={<Typography.Title level={5}>{t('broadcasts.emptyTitle')}</Typography.Title>} style={{ padding: '48px 0' }}>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 520, margin: '0 auto 16px' }}>
          {t('broadcasts.emptyBody')}
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={onNew}>
          {t('broadcasts.new')}
        </Button>
      </Empty>
    );

  const columns = [
    {
      key: 'name',
      title: t('broadcasts.col.name'),
      render: (_: unknown, b: BroadcastRowDto) => (
        // A real button: the report opens from the keyboard too.
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }} onClick={() => onOpen(b.id)} data-testid="broadcast-name">
          {b.name}
        </Button>
      ),
    },
    {
      key: 'status',
      title: t('broadcasts.col.status'),
      width: 180,
      render: (_: unknown, b: BroadcastRowDto) => <BroadcastStatusTags b={b} />,
    },
    { key: 'scheduledAt', title: t('broadcasts.col.scheduledAt'), width: 150, render: (_: unknown, b: BroadcastRowDto) => <TimeCell iso={b.scheduledAt} /> },
    { key: 'createdAt', title: t('broadcasts.col.createdAt'), width: 150, render: (_: unknown, b: BroadcastRowDto) => <TimeCell iso={b.createdAt} secondary /> },
    { key: 'progress', title: t('broadcasts.col.progress'), width: 380, render: (_: unknown, b: BroadcastRowDto) => <BroadcastProgress b={b} /> },
  ];

  return (
    <Flex vertical gap={8}>
      {error && <Alert type="warning" showIcon title={t('broadcasts.refreshFailed')} description={error} />}
      <Table<BroadcastRowDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={loading && !loaded}
        pagination={false}
        onRow={(b) => ({ onClick: (e) => !(e.target as HTMLElement).closest('button') && onOpen(b.id), style: { cursor: 'pointer' }, 'data-testid': 'broadcast-row', 'data-id': b.id }) as HTMLAttributes<HTMLElement>}
        aria-label={t('broadcasts.listLabel')}
      />
    </Flex>
  );
}

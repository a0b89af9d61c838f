import { useMemo } from 'react';
import { Button, Empty, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { GroupDto } from '../../../shared/domain/group';
import { formatCount } from '../../i18n';
import { useGroupsStore } from '../../store/groups/groups.store';
import { hasFilters } from '../../store/groups/selectors';
import { PLATFORM_COLORS, STAGE_COLORS } from '../../lib/labels';
import { LastMessage } from './LastMessage';

interface Props {
  onNew(): void;
  onEdit(group: GroupDto): void;
  onToggleArchive(group: GroupDto): Promise<void>;
}

const byTime = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

export function GroupsTable({ onNew, onEdit, onToggleArchive }: Props) {
  const { t, i18n } = useTranslation();
  const items = useGroupsStore((s) => s.items);
  const loading = useGroupsStore((s) => s.loading);
  const filters = useGroupsStore((s) => s.filters);
  const clearFilters = useGroupsStore((s) => s.clearFilters);
  const lang = i18n.language;

  const columns = useMemo<TableColumnsType<GroupDto>>(
    () => [
      {
        title: t('groups.col.name'),
        dataIndex: 'name',
        sorter: (a, b) => a.name.localeCompare(b.name, lang),
        render: (_: unknown, g) => (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{g.name}</Typography.Text>
            {g.positioning && (
              <Typography.Text type="secondary" ellipsis={{ tooltip: g.positioning }} style={{ maxWidth: 320, fontSize: 12 }}>
                {g.positioning}
              </Typography.Text>
            )}
          </Space>
        ),
      },
      {
        title: t('groups.col.platform'),
        dataIndex: 'platform',
        width: 110,
        render: (_: unknown, g) => <Tag color={PLATFORM_COLORS[g.platform]}>{t(`platform.${g.platform}`)}</Tag>,
      },
      { title: t('groups.col.type'), dataIndex: 'groupType', width: 110, render: (_: unknown, g) => t(`groupType.${g.groupType}`) },
      { title: t('groups.col.city'), dataIndex: 'city', width: 90 },
      { title: t('groups.col.owner'), dataIndex: 'owner', width: 100 },
      {
        title: t('groups.col.stage'),
        dataIndex: 'lifecycleStage',
        width: 100,
        render: (_: unknown, g) => {
          const stage = g.archived ? 'archived' : g.lifecycleStage;
          return <Tag color={STAGE_COLORS[stage]}>{t(`stage.${stage}`)}</Tag>;
        },
      },
      { title: t('groups.col.members'), dataIndex: 'memberCount', width: 80, align: 'right', sorter: (a, b) => a.memberCount - b.memberCount, render: (n: number) => formatCount(n) },
      { title: t('groups.col.messages'), dataIndex: 'messageCount', width: 90, align: 'right', sorter: (a, b) => a.messageCount - b.messageCount, render: (n: number) => formatCount(n) },
      {
        title: t('groups.col.last'),
        dataIndex: 'lastMessageAt',
        width: 130,
        sorter: (a, b) => byTime(a.lastMessageAt, b.lastMessageAt),
        render: (_: unknown, g) => <LastMessage at={g.lastMessageAt} />,
      },
      {
        title: t('groups.col.actions'),
        key: 'actions',
        width: 130,
        render: (_: unknown, g) => (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => onEdit(g)}>
              {t('groups.edit')}
            </Button>
            {g.archived ? (
              <Button type="link" size="small" onClick={() => void onToggleArchive(g)}>
                {t('groups.restore')}
              </Button>
            ) : (
              <Popconfirm
                title={t('groups.archiveConfirm', { name: g.name })}
                description={t('groups.archiveConfirmHint')}
                okText={t('groups.archive')}
                cancelText={t('form.cancel')}
                onConfirm={() => onToggleArchive(g)}
              >
                <Button type="link" size="small" danger>
                  {t('groups.archive')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        ),
      },
    ],
    [t, lang, onEdit, onToggleArchive],
  );

  const filtered = hasFilters(filters);
  const empty = filtered ? (
    <Empty description={t('groups.emptyFiltered')}>
      <Button onClick={clearFilters}>{t('groups.clearFilters')}</Button>
    </Empty>
  ) : (
    <Empty description={t('groups.empty')}>
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={onNew}>
        {t('groups.new')}
      </Button>
    </Empty>
  );

  return (
    <Table<GroupDto>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false, showTotal: (count) => t('groups.total', { count }) }}
      locale={{ emptyText: loading ? ' ' : empty }}
    />
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Empty, Input, Popconfirm, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { GROUP_TYPES, LIFECYCLE_STAGES, PLATFORMS } from '../../../shared/domain/enums';
import type { GroupDto } from '../../../shared/domain/group';
import { hasFilters, useGroupsStore, type GroupFilters } from '../../store/groups.store';
import { useAppStore } from '../../store/app.store';
import { PLATFORM_COLORS, STAGE_COLORS } from '../../lib/labels';
import { GroupForm } from './GroupForm';

export function GroupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { items, filters, loading, error, load, setFilters, setArchived } = useGroupsStore();
  const workspaceId = useAppStore((s) => s.workspace?.path);
  const [editing, setEditing] = useState<{ open: boolean; group: GroupDto | null }>({ open: false, group: null });
  const [query, setQuery] = useState(filters.query);
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Reload when the workspace changes (switch, demo) and when first shown.
  useEffect(() => {
    void load();
  }, [load, workspaceId]);

  const onQuery = (q: string) => {
    setQuery(q);
    if (debounce.current) clearTimeout(debounce.current);
    debounce.current = setTimeout(() => setFilters({ query: q }), 250);
  };

  const toggleArchive = async (g: GroupDto) => {
    try {
      await setArchived(g.id, !g.archived);
      void message.success(t(g.archived ? 'groups.restoredMsg' : 'groups.archivedMsg', { name: g.name }));
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  const columns: ColumnsType<GroupDto> = useMemo(
    () => [
      {
        title: t('groups.col.name'),
        dataIndex: 'name',
        render: (_: unknown, g) => (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{g.name}</Typography.Text>
            {g.positioning && (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360, fontSize: 12 }}>
                {g.positioning}
              </Typography.Text>
            )}
          </Space>
        ),
      },
      { title: t('groups.col.platform'), dataIndex: 'platform', width: 110, render: (p: GroupDto['platform']) => <Tag color={PLATFORM_COLORS[p]}>{t(`platform.${p}`)}</Tag> },
      { title: t('groups.col.type'), dataIndex: 'groupType', width: 80, render: (v: string) => t(`groupType.${v}`) },
      { title: t('groups.col.city'), dataIndex: 'city', width: 90 },
      { title: t('groups.col.owner'), dataIndex: 'owner', width: 100 },
      { title: t('groups.col.stage'), dataIndex: 'lifecycleStage', width: 100, render: (s: string, g) => <Tag color={STAGE_COLORS[s] ?? 'default'}>{g.archived ? t('stage.archived') : t(`stage.${s}`)}</Tag> },
      { title: t('groups.col.members'), dataIndex: 'memberCount', width: 80, align: 'right', render: (n: number) => n.toLocaleString() },
      { title: t('groups.col.messages'), dataIndex: 'messageCount', width: 90, align: 'right', render: (n: number) => n.toLocaleString() },
      {
        title: t('groups.col.last'),
        dataIndex: 'lastMessageAt',
        width: 150,
        render: (v: string | null) => (v ? <span title={dayjs(v).format('LLL')}>{dayjs(v).fromNow()}</span> : <Typography.Text type="secondary">{t('groups.never')}</Typography.Text>),
      },
      {
        title: t('groups.col.actions'),
        key: 'actions',
        width: 140,
        render: (_: unknown, g) => (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setEditing({ open: true, group: g })}>
              {t('groups.edit')}
            </Button>
            {g.archived ? (
              <Button type="link" size="small" onClick={() => void toggleArchive(g)}>
                {t('groups.restore')}
              </Button>
            ) : (
              <Popconfirm title={t('groups.archiveConfirm', { name: g.name })} okText={t('groups.archive')} cancelText={t('form.cancel')} onConfirm={() => toggleArchive(g)}>
                <Button type="link" size="small" danger>
                  {t('groups.archive')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        ),
      },
    ],
    [t],
  );

  const multi = <K extends 'platforms' | 'groupTypes' | 'stages'>(key: K, placeholder: string, options: { value: string; label: string }[]) => (
    <Select
      mode="multiple"
      allowClear
      placeholder={placeholder}
      aria-label={placeholder}
      value={filters[key] as string[]}
      onChange={(v) => setFilters({ [key]: v } as Partial<GroupFilters>)}
      options={options}
      style={{ minWidth: 140 }}
      maxTagCount="responsive"
    />
  );

  const filtered = hasFilters(filters);
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('groups.title')}
          </Typography.Title>
          <Input.Search allowClear placeholder={t('groups.searchPlaceholder')} value={query} onChange={(e) => onQuery(e.target.value)} style={{ width: 240 }} />
          {multi('platforms', t('groups.filterPlatform'), PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) })))}
          {multi('groupTypes', t('groups.filterType'), GROUP_TYPES.map((g) => ({ value: g, label: t(`groupType.${g}`) })))}
          {multi('stages', t('groups.filterStage'), LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })))}
          <Segmented
            value={filters.archived}
            onChange={(v) => setFilters({ archived: v as GroupFilters['archived'] })}
            options={[
              { value: 'active', label: t('groups.active') },
              { value: 'archived', label: t('groups.archived') },
              { value: 'all', label: t('groups.all') },
            ]}
          />
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true, group: null })}>
          {t('groups.new')}
        </Button>
      </Space>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<GroupDto>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{
          emptyText: (
            <Empty description={filtered ? t('groups.emptyFiltered') : t('groups.empty')}>
              {!filtered && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true, group: null })}>
                  {t('groups.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
      />
      <GroupForm open={editing.open} group={editing.group} onClose={() => setEditing({ open: false, group: null })} />
    </>
  );
}

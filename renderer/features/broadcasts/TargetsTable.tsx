import { useMemo, type HTMLAttributes } from 'react';
import { Button, Empty, Flex, Input, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportDto, TargetDto } from '../../../shared/api/broadcasts';
import { formatCount } from '../../i18n';
import { filterTargets, hasTargetFilters, platformChoices, statusChoices, type StatusFilter } from '../../store/broadcasts/selectors';
import { useBroadcastReportStore } from '../../store/broadcasts/report.store';
import { VIRTUAL_FROM } from './labels';
import { ModeText, PlatformTag } from './StatusTags';
import { TargetActions } from './TargetActions';
import { TargetStatusCell } from './TargetStatusCell';
import { TimeCell } from './TimeCell';
import { useFillHeight } from '../../lib/useFillHeight';

/** Who ticked a manual target and when; a robot's send shows only its time. */
function SentCell({ target }: { target: TargetDto }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={0}>
      <TimeCell iso={target.sentAt} />
      {target.doneBy && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="target-done-by">
          {t('broadcasts.report.doneBy', { who: target.doneBy })}
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * Every target of the broadcast, filtered by status, platform and group name. Virtual from
 * VIRTUAL_FROM rows: a broadcast to thousands of groups keeps only the rows on screen in the page.
 */
export function TargetsTable({ report }: { report: ReportDto }) {
  const { t } = useTranslation();
  const filters = useBroadcastReportStore((s) => s.filters);
  const setFilters = useBroadcastReportStore((s) => s.setFilters);
  const clearFilters = useBroadcastReportStore((s) => s.clearFilters);
  const { ref, height } = useFillHeight<HTMLDivElement>(320);
  const rows = useMemo(() => filterTargets(report.targets, filters), [report.targets, filters]);
  const statuses = useMemo(() => statusChoices(report.targets), [report.targets]);
  const platforms = useMemo(() => platformChoices(report.targets), [report.targets]);
  const status = report.broadcast.status;

  const statusLabel = (v: StatusFilter) => (v === 'all' ? t('broadcasts.report.allStatuses') : v === 'attention' ? t('broadcasts.report.attention') : t(`broadcasts.target.${v}`));

  const columns = [
    {
      key: 'group',
      title: t('broadcasts.report.col.group'),
      width: 220,
      render: (_: unknown, x: TargetDto) => (
        <Typography.Text strong ellipsis={{ tooltip: x.groupName }} data-testid="target-group">
          {x.groupName}
        </Typography.Text>
      ),
    },
    { key: 'platform', title: t('broadcasts.report.col.platform'), width: 100, render: (_: unknown, x: TargetDto) => <PlatformTag platform={x.platform} /> },
    { key: 'mode', title: t('broadcasts.report.col.mode'), width: 90, render: (_: unknown, x: TargetDto) => <ModeText mode={x.mode} /> },
    { key: 'status', title: t('broadcasts.report.col.status'), width: 230, render: (_: unknown, x: TargetDto) => <TargetStatusCell target={x} /> },
    { key: 'plannedAt', title: t('broadcasts.report.col.plannedAt'), width: 130, render: (_: unknown, x: TargetDto) => <TimeCell iso={x.plannedAt} secondary /> },
    { key: 'sentAt', title: t('broadcasts.report.col.sentAt'), width: 150, render: (_: unknown, x: TargetDto) => <SentCell target={x} /> },
    { key: 'actions', title: t('broadcasts.report.col.actions'), width: 250, render: (_: unknown, x: TargetDto) => <TargetActions target={x} broadcastStatus={status} /> },
  ];
  const width = columns.reduce((a, c) => a + c.width, 0);

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <Select<StatusFilter>
          value={filters.status}
          onChange={(v) => setFilters({ status: v })}
          style={{ width: 200 }}
          aria-label={t('broadcasts.report.filterStatus')}
          data-testid="filter-status"
          options={statuses.map((c) => ({ value: c.value, label: `${statusLabel(c.value)} (${formatCount(c.n)})` }))}
        />
        <Select<string>
          value={filters.platform}
          onChange={(v) => setFilters({ platform: v as typeof filters.platform })}
          style={{ width: 180 }}
          aria-label={t('broadcasts.report.filterPlatform')}
          data-testid="filter-platform"
          options={[
            { value: 'all', label: `${t('broadcasts.report.allPlatforms')} (${formatCount(report.targets.length)})` },
            ...platforms.map((p) => ({ value: p.value, label: `${t(`platform.${p.value}`, { defaultValue: p.value })} (${formatCount(p.n)})` })),
          ]}
        />
        <Input.Search
          allowClear
          value={filters.query}
          onChange={(e) => setFilters({ query: e.target.value })}
          placeholder={t('broadcasts.report.searchGroup')}
          aria-label={t('broadcasts.report.searchGroup')}
          style={{ width: 220 }}
        />
        <Typography.Text type="secondary" data-testid="targets-shown">
          {t('broadcasts.report.shown', { n: formatCount(rows.length), total: formatCount(report.targets.length) })}
        </Typography.Text>
        {hasTargetFilters(filters) && (
          <Button type="link" onClick={clearFilters}>
            {t('broadcasts.report.clearFilters')}
          </Button>
        )}
      </Flex>
      <div ref={ref}>
        <Table<TargetDto>
          virtual={rows.length >= VIRTUAL_FROM}
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: width, y: height }}
          onRow={(x) => ({ 'data-testid': 'target-row', 'data-status': x.status, 'data-group': x.groupName }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('broadcasts.report.noMatch')} /> }}
        />
      </div>
    </Flex>
  );
}

import { App, Button, Flex, Input, Popconfirm, Select, Space, Tag, Tooltip } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SortAscendingOutlined, SortDescendingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PLATFORMS } from '../../../shared/domain/enums';
import { AUTO_TAGS, type AutoTag } from '../../../shared/domain/roster';
import type { SegmentDto } from '../../../shared/domain/segment';
import { errorText } from '../../lib/errors';
import { useRosterStore } from '../../store/roster/roster.store';
import { defaultDir, hasRosterFilters, sortTags, TAG_ORDER, type RosterSortBy } from '../../store/roster/selectors';
import { TAG_COLORS } from './labels';

const SORTS: RosterSortBy[] = ['lastMessage', 'n30', 'messages', 'name', 'firstSeen'];

interface Props {
  onNewSegment(): void;
  onEditSegment(s: SegmentDto): void;
}

/** Search, filters, the segment picker and the sort. Every change reloads through the store. */
export function RosterToolbar({ onNewSegment, onEditSegment }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const query = useRosterStore((s) => s.query);
  const filters = useRosterStore((s) => s.filters);
  const sort = useRosterStore((s) => s.sort);
  const groups = useRosterStore((s) => s.groups);
  const labels = useRosterStore((s) => s.labels);
  const segments = useRosterStore((s) => s.segments);
  const setQuery = useRosterStore((s) => s.setQuery);
  const submitQuery = useRosterStore((s) => s.submitQuery);
  const setFilters = useRosterStore((s) => s.setFilters);
  const clearFilters = useRosterStore((s) => s.clearFilters);
  const setSort = useRosterStore((s) => s.setSort);
  const deleteSegment = useRosterStore((s) => s.deleteSegment);
  const segment = segments.find((s) => s.id === filters.segmentId) ?? null;

  const onDeleteSegment = async (s: SegmentDto) => {
    try {
      await deleteSegment(s.id);
      void message.success(t('roster.segment.deleted', { name: s.name }));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Flex wrap gap={8} align="center" role="search" aria-label={t('roster.filtersLabel')}>
      <Input.Search
        allowClear
        placeholder={t('roster.searchPlaceholder')}
        aria-label={t('roster.searchLabel')}
        value={query}
        maxLength={100}
        onChange={(e) => setQuery(e.target.value)}
        onSearch={() => submitQuery()}
        style={{ width: 220 }}
      />
      <Select<number[]>
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('roster.filterGroups')}
        aria-label={t('roster.filterGroups')}
        value={filters.groupIds}
        onChange={(groupIds) => setFilters({ groupIds })}
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
        style={{ minWidth: 200, maxWidth: 320 }}
        maxTagCount="responsive"
      />
      <Tooltip title={t('roster.tagsInGroupsHint')} placement="top">
        <Select<AutoTag[]>
          mode="multiple"
          allowClear
          placeholder={t('roster.filterTags')}
          aria-label={t('roster.filterTags')}
          value={filters.tags}
          onChange={(tags) => setFilters({ tags: sortTags(tags) })}
          options={TAG_ORDER.filter((x) => AUTO_TAGS.includes(x)).map((x) => ({ value: x, label: t(`roster.tag.${x}`) }))}
          optionRender={(o) => <Tag color={TAG_COLORS[o.value as AutoTag]}>{o.label}</Tag>}
          style={{ minWidth: 150 }}
          maxTagCount="responsive"
        />
      </Tooltip>
      <Select<number[]>
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('roster.filterLabels')}
        aria-label={t('roster.filterLabels')}
        value={filters.labelIds}
        onChange={(labelIds) => setFilters({ labelIds })}
        options={labels.map((l) => ({ value: l.id, label: l.name, color: l.color }))}
        optionRender={(o) => <Tag color={o.data.color}>{o.label}</Tag>}
        style={{ minWidth: 150 }}
        maxTagCount="responsive"
      />
      <Select
        mode="multiple"
        allowClear
        placeholder={t('roster.filterPlatforms')}
        aria-label={t('roster.filterPlatforms')}
        value={filters.platforms}
        onChange={(platforms) => setFilters({ platforms })}
        options={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))}
        style={{ minWidth: 120 }}
        maxTagCount="responsive"
      />
      <Space.Compact>
        <Select<number | null>
          allowClear
          placeholder={t('roster.filterSegment')}
          aria-label={t('roster.filterSegment')}
          value={filters.segmentId}
          onChange={(segmentId) => setFilters({ segmentId: segmentId ?? null })}
          options={segments.map((s) => ({ value: s.id, label: s.name }))}
          style={{ width: 180 }}
        />
        {segment && (
          <Tooltip title={t('roster.segment.edit')}>
            <Button aria-label={t('roster.segment.edit')} icon={<EditOutlined aria-hidden />} onClick={() => onEditSegment(segment)} />
          </Tooltip>
        )}
        {segment && (
          <Popconfirm
            title={t('roster.segment.deleteConfirm', { name: segment.name })}
            description={t('roster.segment.deleteHint')}
            okText={t('roster.labels.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('form.cancel')}
            onConfirm={() => onDeleteSegment(segment)}
          >
            <Tooltip title={t('roster.segment.delete')}>
              <Button aria-label={t('roster.segment.delete')} icon={<DeleteOutlined aria-hidden />} />
            </Tooltip>
          </Popconfirm>
        )}
        <Button icon={<PlusOutlined aria-hidden />} onClick={onNewSegment}>
          {t('roster.segment.new')}
        </Button>
      </Space.Compact>
      <Space.Compact>
        <Select<RosterSortBy>
          aria-label={t('roster.sortLabel')}
          value={sort.by}
          onChange={(by) => setSort({ by, dir: defaultDir(by) })}
          options={SORTS.map((by) => ({ value: by, label: t(`roster.sort.${by}`) }))}
          style={{ width: 130 }}
        />
        <Tooltip title={t(sort.dir === 'asc' ? 'roster.sortAsc' : 'roster.sortDesc')}>
          <Button
            aria-label={t(sort.dir === 'asc' ? 'roster.sortAsc' : 'roster.sortDesc')}
            icon={sort.dir === 'asc' ? <SortAscendingOutlined aria-hidden /> : <SortDescendingOutlined aria-hidden />}
            onClick={() => setSort({ by: sort.by, dir: sort.dir === 'asc' ? 'desc' : 'asc' })}
          />
        </Tooltip>
      </Space.Compact>
      {hasRosterFilters(filters) && (
        <Button type="link" onClick={clearFilters}>
          {t('roster.clearFilters')}
        </Button>
      )}
    </Flex>
  );
}

import { Button, Flex, Input, Select, Space, Tag, Tooltip } from 'antd';
import { SortAscendingOutlined, SortDescendingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { AUTO_TAGS, type AutoTag } from '../../../shared/domain/roster';
import { platformOptions, TAG_COLORS } from '../../lib/labels';
import { useRosterStore } from '../../store/roster/roster.store';
import { defaultDir, hasRosterFilters, sortTags, TAG_ORDER, type RosterSortBy } from '../../store/roster/selectors';
import { useMemberSegmentEditor } from '../../store/segments/editors';
import { SegmentPicker } from '../segments/SegmentPicker';

const SORTS: RosterSortBy[] = ['lastMessage', 'n30', 'messages', 'name', 'firstSeen'];

/** Search, filters, the segment picker (which opens the segment editor) and the sort. Every change reloads through the store. */
export function RosterToolbar() {
  const { t } = useTranslation();
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
  const openNew = useMemberSegmentEditor((s) => s.openNew);
  const openEdit = useMemberSegmentEditor((s) => s.openEdit);

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
        options={platformOptions(t)}
        style={{ minWidth: 120 }}
        maxTagCount="responsive"
      />
      <SegmentPicker
        ns="roster.segment"
        label={t('roster.filterSegment')}
        segments={segments}
        value={filters.segmentId}
        onChange={(segmentId) => setFilters({ segmentId })}
        onNew={openNew}
        onEdit={openEdit}
        onDelete={deleteSegment}
      />
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

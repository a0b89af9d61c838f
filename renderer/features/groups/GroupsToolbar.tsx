import { Flex, Input, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { groupTypeOptions, platformOptions, stageOptions } from '../../lib/labels';
import { useGroupsStore } from '../../store/groups/groups.store';
import type { ArchivedScope, GroupFilters } from '../../store/groups/selectors';
import { useGroupSegmentEditor } from '../../store/segments/editors';
import { SegmentPicker } from '../segments/SegmentPicker';

type MultiKey = 'platforms' | 'groupTypes' | 'stages';

/** Search, filters, the group segment picker (which opens the segment editor) and the active/archived scope. Every change reloads through the store. */
export function GroupsToolbar() {
  const { t } = useTranslation();
  const filters = useGroupsStore((s) => s.filters);
  const segments = useGroupsStore((s) => s.segments);
  const setQuery = useGroupsStore((s) => s.setQuery);
  const setFilters = useGroupsStore((s) => s.setFilters);
  const load = useGroupsStore((s) => s.load);
  const deleteSegment = useGroupsStore((s) => s.deleteSegment);
  const openNew = useGroupSegmentEditor((s) => s.openNew);
  const openEdit = useGroupSegmentEditor((s) => s.openEdit);

  const multi = <K extends MultiKey>(key: K, label: string, options: { value: GroupFilters[K][number]; label: string }[]) => (
    <Select<GroupFilters[K]>
      mode="multiple"
      allowClear
      placeholder={label}
      aria-label={label}
      value={filters[key]}
      onChange={(v) => setFilters({ [key]: v })}
      options={options}
      style={{ minWidth: 150 }}
      maxTagCount="responsive"
    />
  );

  return (
    <Flex wrap gap={8} align="center">
      <Input.Search
        allowClear
        placeholder={t('groups.searchPlaceholder')}
        aria-label={t('groups.searchLabel')}
        value={filters.query}
        maxLength={100}
        onChange={(e) => setQuery(e.target.value)}
        // Enter or the search button: no need to wait for the typing pause.
        onSearch={() => void load()}
        style={{ width: 280 }}
      />
      {multi('platforms', t('groups.filterPlatform'), platformOptions(t))}
      {multi('groupTypes', t('groups.filterType'), groupTypeOptions(t))}
      {multi('stages', t('groups.filterStage'), stageOptions(t))}
      <SegmentPicker
        ns="groups.segment"
        label={t('groups.segment.filter')}
        segments={segments}
        value={filters.segmentId}
        onChange={(segmentId) => setFilters({ segmentId })}
        onNew={openNew}
        onEdit={openEdit}
        onDelete={deleteSegment}
      />
      <Segmented<ArchivedScope>
        aria-label={t('groups.scopeLabel')}
        value={filters.archived}
        onChange={(archived) => setFilters({ archived })}
        options={[
          { value: 'active', label: t('groups.active') },
          { value: 'archived', label: t('groups.archived') },
          { value: 'all', label: t('groups.all') },
        ]}
      />
    </Flex>
  );
}

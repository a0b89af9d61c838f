import { Flex, Input, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { GROUP_TYPES, LIFECYCLE_STAGES, PLATFORMS } from '../../../shared/domain/enums';
import { useGroupsStore } from '../../store/groups/groups.store';
import type { ArchivedScope, GroupFilters } from '../../store/groups/selectors';

type MultiKey = 'platforms' | 'groupTypes' | 'stages';

/** Search, filters and the active/archived scope. Every change reloads through the store. */
export function GroupsToolbar() {
  const { t } = useTranslation();
  const filters = useGroupsStore((s) => s.filters);
  const setQuery = useGroupsStore((s) => s.setQuery);
  const setFilters = useGroupsStore((s) => s.setFilters);
  const load = useGroupsStore((s) => s.load);

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
      {multi('platforms', t('groups.filterPlatform'), PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) })))}
      {multi('groupTypes', t('groups.filterType'), GROUP_TYPES.map((g) => ({ value: g, label: t(`groupType.${g}`) })))}
      {multi('stages', t('groups.filterStage'), LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })))}
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

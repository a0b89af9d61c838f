import { App, Button, Flex, Input, Popconfirm, Segmented, Select, Space, Tooltip } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { GROUP_TYPES, LIFECYCLE_STAGES, PLATFORMS } from '../../../shared/domain/enums';
import type { SegmentDto } from '../../../shared/domain/segment';
import { errorText } from '../../lib/errors';
import { useGroupsStore } from '../../store/groups/groups.store';
import type { ArchivedScope, GroupFilters } from '../../store/groups/selectors';

type MultiKey = 'platforms' | 'groupTypes' | 'stages';

interface Props {
  onNewSegment(): void;
  onEditSegment(s: SegmentDto): void;
}

/** Search, filters, the group segment picker and the active/archived scope. Every change reloads through the store. */
export function GroupsToolbar({ onNewSegment, onEditSegment }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const filters = useGroupsStore((s) => s.filters);
  const segments = useGroupsStore((s) => s.segments);
  const setQuery = useGroupsStore((s) => s.setQuery);
  const setFilters = useGroupsStore((s) => s.setFilters);
  const load = useGroupsStore((s) => s.load);
  const deleteSegment = useGroupsStore((s) => s.deleteSegment);
  const segment = segments.find((s) => s.id === filters.segmentId) ?? null;

  const onDeleteSegment = async (s: SegmentDto) => {
    try {
      await deleteSegment(s.id);
      void message.success(t('groups.segment.deleted', { name: s.name }));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

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
      <Space.Compact>
        <Select<number | null>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('groups.segment.filter')}
          aria-label={t('groups.segment.filter')}
          value={filters.segmentId}
          onChange={(segmentId) => setFilters({ segmentId: segmentId ?? null })}
          options={segments.map((s) => ({ value: s.id, label: s.name }))}
          notFoundContent={t('groups.segment.noSegments')}
          style={{ width: 180 }}
        />
        {segment && (
          <Tooltip title={t('groups.segment.edit')}>
            <Button aria-label={t('groups.segment.edit')} icon={<EditOutlined aria-hidden />} onClick={() => onEditSegment(segment)} />
          </Tooltip>
        )}
        {segment && (
          <Popconfirm
            title={t('groups.segment.deleteConfirm', { name: segment.name })}
            description={t('groups.segment.deleteHint')}
            okText={t('groups.segment.deleteOk')}
            okButtonProps={{ danger: true }}
            cancelText={t('form.cancel')}
            onConfirm={() => onDeleteSegment(segment)}
          >
            <Tooltip title={t('groups.segment.delete')}>
              <Button aria-label={t('groups.segment.delete')} icon={<DeleteOutlined aria-hidden />} />
            </Tooltip>
          </Popconfirm>
        )}
        <Button icon={<PlusOutlined aria-hidden />} onClick={onNewSegment}>
          {t('groups.segment.new')}
        </Button>
      </Space.Compact>
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

import { useMemo, useState } from 'react';
import { Alert, Button, Empty, Input, Radio, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES, type Platform } from '../../../../shared/domain/enums';
import { formatCount } from '../../../i18n';
import { groupClassOptions, groupTypeOptions, PLATFORM_COLORS, platformOptions, stageOptions } from '../../../lib/labels';
import { useComposerStore } from '../../../store/broadcasts/composer.store';
import { citiesOf, filterGroups, platformCounts, toggleAll, type GroupChoice, type Problem, type TagPick, type TargetMode } from '../../../store/broadcasts/composer-selectors';
import { VIRTUAL_FROM } from '../labels';

/** Who receives it: groups picked from a searchable list, a saved group segment, or every group; minus exclusions. */
export function TargetsStep({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  const draft = useComposerStore((s) => s.draft);
  const edit = useComposerStore((s) => s.edit);
  const groups = useComposerStore((s) => s.groups);
  const segments = useComposerStore((s) => s.segments);

  return (
    <div className="qz-composer-targets">
      <Radio.Group
        value={draft.targetMode}
        onChange={(e) => edit({ targetMode: e.target.value as TargetMode })}
        optionType="button"
        options={[
          { value: 'groups', label: t('composer.targets.groups') },
          { value: 'segment', label: t('composer.targets.segment') },
          { value: 'tags', label: t('composer.targets.tags') },
          { value: 'all', label: t('composer.targets.all') },
        ]}
      />
      {draft.targetMode === 'groups' && <GroupPicker />}
      {draft.targetMode === 'segment' &&
        (segments.length ? (
          <label className="qz-field">
            <span>{t('composer.targets.pickSegment')}</span>
            <Select
              value={draft.segmentId}
              onChange={(v: number) => edit({ segmentId: v })}
              placeholder={t('composer.targets.pickSegment')}
              options={segments.map((s) => ({ value: s.id, label: s.name }))}
              style={{ maxWidth: 420 }}
            />
          </label>
        ) : (
          <Empty description={t('composer.targets.noSegments')} />
        ))}
      {draft.targetMode === 'tags' && <TagPicker />}
      {draft.targetMode === 'all' && <Typography.Paragraph>{t('composer.targets.allHint', { count: formatCount(groups.length) })}</Typography.Paragraph>}
      <label className="qz-field">
        <span>{t('composer.targets.exclude')}</span>
        <Select
          mode="multiple"
          allowClear
          value={draft.excludeGroupIds}
          onChange={(v: number[]) => edit({ excludeGroupIds: v })}
          placeholder={t('composer.targets.excludePlaceholder')}
          optionFilterProp="label"
          options={groups.map((g) => ({ value: g.id, label: g.name }))}
          maxTagCount="responsive"
        />
      </label>
      <TargetSummary />
      {problems.includes('no_targets') && draft.targetMode !== 'groups' && <Alert type="warning" showIcon title={t('composer.problem.no_targets')} />}
    </div>
  );
}

/** Groups by their tags: any of the values within a row, every row that has a choice. */
function TagPicker() {
  const { t, i18n } = useTranslation();
  const tags = useComposerStore((s) => s.draft.tags);
  const groups = useComposerStore((s) => s.groups);
  const edit = useComposerStore((s) => s.edit);
  const set = (patch: Partial<TagPick>) => edit({ tags: { ...tags, ...patch } });
  const cities = useMemo(() => citiesOf(groups, i18n.language), [groups, i18n.language]);
  const row = <K extends keyof TagPick>(key: K, label: string, options: { value: TagPick[K][number]; label: string }[]) => (
    <label className="qz-field" key={key}>
      <span>{label}</span>
      <Select<TagPick[K]> mode="multiple" allowClear value={tags[key]} onChange={(v) => set({ [key]: v } as Partial<TagPick>)} options={options as never} placeholder={t('composer.targets.anyValue')} style={{ maxWidth: 520 }} />
    </label>
  );
  return (
    <div className="qz-tag-picker" data-testid="tag-picker">
      <Typography.Text type="secondary" className="qz-hint">
        {t('composer.targets.tagsHint')}
      </Typography.Text>
      {row('classes', t('composer.targets.class'), groupClassOptions(t))}
      {row('types', t('composer.targets.type'), groupTypeOptions(t))}
      {row('stages', t('composer.targets.stage'), stageOptions(t, LIFECYCLE_STAGES.filter((c) => c !== 'archived')))}
      {row('platforms', t('composer.targets.platforms'), platformOptions(t))}
      {row('cities', t('composer.targets.city'), cities.map((c) => ({ value: c, label: c })))}
    </div>
  );
}

function GroupPicker() {
  const { t } = useTranslation();
  const groups = useComposerStore((s) => s.groups);
  const selected = useComposerStore((s) => s.draft.groupIds);
  const edit = useComposerStore((s) => s.edit);
  const [query, setQuery] = useState('');
  const [platforms, setPlatforms] = useState<Platform[]>([]);
  const rows = useMemo(() => filterGroups(groups, query, platforms), [groups, query, platforms]);
  const chosen = useMemo(() => new Set(selected), [selected]);

  const columns: TableColumnsType<GroupChoice> = [
    { title: t('composer.col.group'), dataIndex: 'name', width: 420, ellipsis: true },
    { title: t('composer.col.platform'), dataIndex: 'platform', width: 120, render: (_: unknown, g) => <Tag color={PLATFORM_COLORS[g.platform]}>{t(`platform.${g.platform}`)}</Tag> },
    { title: t('composer.col.city'), dataIndex: 'city', width: 100 },
    { title: t('composer.col.members'), dataIndex: 'memberCount', width: 90, align: 'right', render: (n: number) => formatCount(n) },
  ];

  return (
    <div className="qz-group-picker">
      <Space wrap>
        <Input.Search allowClear placeholder={t('composer.targets.search')} value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 260 }} aria-label={t('composer.targets.search')} />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('composer.targets.platforms')}
          value={platforms}
          onChange={setPlatforms}
          options={platformOptions(t)}
          style={{ minWidth: 200 }}
          aria-label={t('composer.targets.platforms')}
        />
        <Button onClick={() => edit({ groupIds: toggleAll(selected, rows, true) })} disabled={!rows.length}>
          {t('composer.targets.selectShown', { count: formatCount(rows.length) })}
        </Button>
        <Button onClick={() => edit({ groupIds: [] })} disabled={!selected.length}>
          {t('composer.targets.clear')}
        </Button>
        <Typography.Text strong>{t('composer.targets.selected', { count: formatCount(selected.length) })}</Typography.Text>
      </Space>
      <Table<GroupChoice>
        rowKey="id"
        size="small"
        virtual={rows.length >= VIRTUAL_FROM}
        scroll={{ y: 320 }}
        pagination={false}
        columns={columns}
        dataSource={rows}
        locale={{ emptyText: <Empty description={t('composer.targets.noGroups')} /> }}
        rowSelection={{
          selectedRowKeys: selected,
          onSelect: (g, on) => edit({ groupIds: toggleAll(selected, [g], on) }),
          onSelectAll: (on) => edit({ groupIds: toggleAll(selected, rows, on) }),
          getCheckboxProps: (g) => ({ 'aria-label': g.name }),
        }}
        onRow={(g) => ({ onClick: () => edit({ groupIds: toggleAll(selected, [g], !chosen.has(g.id)) }) })}
      />
    </div>
  );
}

/** The final list in numbers, from the core's plan: groups per platform and how each is reached. */
export function TargetSummary() {
  const { t } = useTranslation();
  const plan = useComposerStore((s) => s.plan);
  const loading = useComposerStore((s) => s.planLoading);
  const error = useComposerStore((s) => s.planError);
  if (error) return <Alert type="error" showIcon title={t('composer.planFailed')} description={error} />;
  if (!plan) return loading ? <Spin /> : null;
  const m = plan.summary.byMode;
  const d = plan.summary.byDecision;
  return (
    <div className="qz-target-summary" aria-live="polite" data-testid="target-summary">
      <Typography.Text strong>{t('composer.summary.total', { count: formatCount(plan.summary.total) })}</Typography.Text>
      <Space wrap size={[4, 4]}>
        {platformCounts(plan).map((p) => (
          <Tag key={p.platform} color={PLATFORM_COLORS[p.platform]}>
            {t(`platform.${p.platform}`)} {formatCount(p.count)}
          </Tag>
        ))}
      </Space>
      <Typography.Text type="secondary">
        {t('composer.summary.modes', { auto: formatCount(m.auto), owner: formatCount(m['owner-confirm']), manual: formatCount(m.manual) })}
        {d.skip > 0 && ` · ${t('composer.summary.skipped', { count: formatCount(d.skip) })}`}
        {d.delay > 0 && ` · ${t('composer.summary.delayed', { count: formatCount(d.delay) })}`}
      </Typography.Text>
      {plan.summary.withErrors > 0 && <Typography.Text type="danger">{t('composer.summary.errors', { count: formatCount(plan.summary.withErrors) })}</Typography.Text>}
      {plan.summary.withWarnings > 0 && <Typography.Text type="warning">{t('composer.summary.warnings', { count: formatCount(plan.summary.withWarnings) })}</Typography.Text>}
      {loading && <Spin size="small" />}
    </div>
  );
}

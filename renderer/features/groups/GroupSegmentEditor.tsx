import { useCallback, useMemo } from 'react';
import { Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { groupClassOptions, groupTypeOptions, platformOptions, stageOptions } from '../../lib/labels';
import { useGroupsStore } from '../../store/groups/groups.store';
import { GROUP_RULE_MAX, type GroupRuleDraft, type GroupRuleField } from '../../store/groups/selectors';
import { useGroupSegmentEditor } from '../../store/segments/editors';
import { RuleMultiSelect } from '../segments/RuleMultiSelect';
import { SegmentEditor } from '../segments/SegmentEditor';

/** How one group rule picks its value, after its field. */
function GroupRuleValue({ draft: d, onChange }: { draft: GroupRuleDraft; onChange(patch: Partial<GroupRuleDraft>): void }) {
  const { t } = useTranslation();
  const options = useGroupsStore((s) => s.options);
  const groupOptions = useMemo(() => {
    const known = options.map((g) => ({ value: g.id, label: g.archived ? t('groups.segment.archivedGroup', { name: g.name }) : g.name }));
    // A saved rule may name a group that is gone: keep it visible (and removable) by its number.
    const missing = (d.groupIds ?? []).filter((id) => !options.some((g) => g.id === id)).map((id) => ({ value: id, label: t('groups.segment.unknownGroup', { id }) }));
    return [...known, ...missing];
  }, [options, d.groupIds, t]);

  switch (d.field) {
    case 'platform':
      return <RuleMultiSelect label={t('groups.segment.platforms')} value={d.platforms} onChange={(platforms) => onChange({ platforms })} options={platformOptions(t)} />;
    case 'type':
      return <RuleMultiSelect label={t('groups.segment.types')} value={d.types} onChange={(types) => onChange({ types })} options={groupTypeOptions(t)} minWidth={160} />;
    case 'class':
      return <RuleMultiSelect label={t('groups.segment.classes')} value={d.classes} onChange={(classes) => onChange({ classes })} options={groupClassOptions(t)} />;
    case 'stage':
      return <RuleMultiSelect label={t('groups.segment.stages')} value={d.stages} onChange={(stages) => onChange({ stages })} options={stageOptions(t)} />;
    case 'city':
      return (
        <>
          <Select<'eq' | 'contains'>
            aria-label={t('groups.segment.textOp')}
            value={d.textOp ?? null}
            onChange={(textOp) => onChange({ textOp })}
            options={(['eq', 'contains'] as const).map((op) => ({ value: op, label: t(`groups.segment.op.${op}`) }))}
            style={{ width: 96 }}
          />
          <Input aria-label={t('groups.segment.city')} placeholder={t('groups.segment.city')} value={d.text ?? ''} maxLength={GROUP_RULE_MAX.city} onChange={(e) => onChange({ text: e.target.value })} style={{ width: 180 }} />
        </>
      );
    case 'name':
      return (
        <>
          <Typography.Text>{t('groups.segment.op.contains')}</Typography.Text>
          <Input aria-label={t('groups.segment.nameContains')} placeholder={t('groups.segment.nameContains')} value={d.text ?? ''} maxLength={GROUP_RULE_MAX.name} onChange={(e) => onChange({ text: e.target.value })} style={{ width: 240 }} />
        </>
      );
    case 'members':
      return (
        <>
          <Select<'gte' | 'lte'>
            aria-label={t('groups.segment.cmp')}
            value={d.cmp ?? null}
            onChange={(cmp) => onChange({ cmp })}
            options={(['gte', 'lte'] as const).map((op) => ({ value: op, label: t(`groups.segment.op.${op}`) }))}
            style={{ width: 64 }}
          />
          <InputNumber<number>
            aria-label={t('groups.segment.memberCount')}
            placeholder={t('groups.segment.memberCount')}
            min={0}
            max={10_000_000}
            precision={0}
            value={d.amount ?? null}
            onChange={(amount) => onChange({ amount })}
            style={{ width: 120 }}
          />
          <Typography.Text type="secondary">{t('groups.segment.people')}</Typography.Text>
        </>
      );
    case 'ids':
      return <RuleMultiSelect label={t('groups.segment.groups')} value={d.groupIds} onChange={(groupIds) => onChange({ groupIds })} options={groupOptions} minWidth={320} maxWidth={560} collapse />;
  }
}

/**
 * The Groups page's segment editor: the one segment editor (features/segments) over group rules.
 * It opens through useGroupSegmentEditor (the toolbar's new and edit buttons).
 */
export function GroupSegmentEditor() {
  const { t } = useTranslation();
  const fieldLabel = useCallback((f: GroupRuleField) => t(`groups.segment.field.${f}`), [t]);
  return <SegmentEditor useEditor={useGroupSegmentEditor} ns="groups.segment" testId="group-segment" fieldLabel={fieldLabel} RuleValue={GroupRuleValue} />;
}

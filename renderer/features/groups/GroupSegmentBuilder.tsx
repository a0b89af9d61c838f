import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { Alert, App, Button, Dropdown, Flex, Form, Input, InputNumber, Modal, Radio, Select, Spin, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { GROUP_CLASSES, GROUP_TYPES, LIFECYCLE_STAGES, PLATFORMS, type GroupClass, type GroupType, type LifecycleStage, type Platform } from '../../../shared/domain/enums';
import type { SegmentDefinition, SegmentDto } from '../../../shared/domain/segment';
import { AppError } from '../../../shared/errors';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useGroupsStore } from '../../store/groups/groups.store';
import {
  GROUP_RULE_FIELDS,
  GROUP_RULE_MAX,
  groupConditionToDrafts,
  hasCompleteGroupRule,
  newGroupRule,
  toGroupDefinition,
  type GroupRuleDraft,
  type GroupRuleField,
} from '../../store/groups/selectors';

const COUNT_DEBOUNCE_MS = 400;

interface Props {
  /** null: closed; 'new'; or the segment to edit. */
  target: 'new' | SegmentDto | null;
  onClose(): void;
}

const ruleStyle: CSSProperties = { display: 'flex', alignItems: 'flex-start', gap: 8, padding: 8, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fcfcfc' };
const ruleBodyStyle: CSSProperties = { flex: 1, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' };

function RuleEditor({ d, onChange }: { d: GroupRuleDraft; onChange(patch: Partial<GroupRuleDraft>): void }) {
  const { t } = useTranslation();
  const options = useGroupsStore((s) => s.options);
  const groupOptions = useMemo(() => {
    const known = options.map((g) => ({ value: g.id, label: g.archived ? t('groups.segment.archivedGroup', { name: g.name }) : g.name }));
    // A saved rule may name a group that is gone: keep it visible (and removable) by its number.
    const missing = (d.groupIds ?? []).filter((id) => !options.some((g) => g.id === id)).map((id) => ({ value: id, label: t('groups.segment.unknownGroup', { id }) }));
    return [...known, ...missing];
  }, [options, d.groupIds, t]);

  const multi = <V extends string>(label: string, value: V[] | undefined, key: 'platforms' | 'types' | 'classes' | 'stages', choices: readonly V[], text: (v: V) => string, width = 220) => (
    <Select<V[]>
      mode="multiple"
      allowClear
      // Typing 微信 finds WeChat: search the labels the operator reads, not the stored values.
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={label}
      aria-label={label}
      value={value ?? []}
      onChange={(v) => onChange({ [key]: v })}
      options={choices.map((v) => ({ value: v, label: text(v) }))}
      style={{ minWidth: width }}
    />
  );

  switch (d.field) {
    case 'platform':
      return multi<Platform>(t('groups.segment.platforms'), d.platforms, 'platforms', PLATFORMS, (p) => t(`platform.${p}`));
    case 'type':
      return multi<GroupType>(t('groups.segment.types'), d.types, 'types', GROUP_TYPES, (x) => t(`groupType.${x}`), 160);
    case 'class':
      return multi<GroupClass>(t('groups.segment.classes'), d.classes, 'classes', GROUP_CLASSES, (c) => t(`groupClass.${c}`));
    case 'stage':
      return multi<LifecycleStage>(t('groups.segment.stages'), d.stages, 'stages', LIFECYCLE_STAGES, (s) => t(`stage.${s}`));
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
      return (
        <Select<number[]>
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('groups.segment.groups')}
          aria-label={t('groups.segment.groups')}
          value={d.groupIds ?? []}
          onChange={(groupIds) => onChange({ groupIds })}
          options={groupOptions}
          style={{ minWidth: 320, maxWidth: 560 }}
          maxTagCount="responsive"
        />
      );
  }
}

/**
 * The group segment builder: rules over groups under one AND/OR, a live count of the live groups
 * they select as they change (debounced, nothing stored), then saved with a name. Incomplete
 * rules are left out of the definition and the count. A segment that nests conditions (made
 * elsewhere) opens read-only with its count.
 */
export function GroupSegmentBuilder({ target, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const countDefinition = useGroupsStore((s) => s.countDefinition);
  const saveSegment = useGroupsStore((s) => s.saveSegment);
  const loadOptions = useGroupsStore((s) => s.loadOptions);
  const editing = target !== null && target !== 'new' ? target : null;
  const [name, setName] = useState('');
  const [op, setOp] = useState<'and' | 'or'>('and');
  const [drafts, setDrafts] = useState<GroupRuleDraft[]>([]);
  const [nested, setNested] = useState(false);
  const [count, setCount] = useState<{ n: number | null; loading: boolean; error: string | null }>({ n: null, loading: false, error: null });
  const [saving, setSaving] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);

  // A fresh form on every opening: one empty rule for a new segment, the segment's rules when editing.
  useEffect(() => {
    if (target === null) return;
    setNameError(null);
    loadOptions().catch(() => undefined); // without it the group picker offers nothing; the rest works
    if (target === 'new') {
      setName('');
      setOp('and');
      setDrafts([newGroupRule('type')]);
      setNested(false);
      return;
    }
    setName(target.name);
    const parsed = target.definition.target === 'groups' ? groupConditionToDrafts(target.definition.condition) : null;
    setNested(parsed === null);
    setOp(parsed?.op ?? 'and');
    setDrafts(parsed?.drafts ?? []);
  }, [target, loadOptions]);

  // Read-only (nested) segments are counted as saved; otherwise the complete rules as drafted.
  const definition = useMemo<SegmentDefinition>(() => (nested && editing ? editing.definition : toGroupDefinition(op, drafts)), [nested, editing, op, drafts]);
  const complete = nested || hasCompleteGroupRule(drafts);
  const key = JSON.stringify(definition);

  useEffect(() => {
    if (target === null || !complete) {
      setCount({ n: null, loading: false, error: null });
      return;
    }
    let live = true;
    setCount((c) => ({ ...c, loading: true, error: null }));
    const timer = setTimeout(() => {
      countDefinition(JSON.parse(key) as SegmentDefinition).then(
        (n) => live && setCount({ n, loading: false, error: null }),
        (e: unknown) => live && setCount({ n: null, loading: false, error: errorText(e) }),
      );
    }, COUNT_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, complete, target, countDefinition]);

  const update = (uid: number, patch: Partial<GroupRuleDraft>) => setDrafts((ds) => ds.map((d) => (d.uid === uid ? { ...d, ...patch } : d)));
  const change = (uid: number, field: GroupRuleField) => setDrafts((ds) => ds.map((d) => (d.uid === uid ? { ...newGroupRule(field), uid } : d)));

  const save = async () => {
    if (!name.trim()) return setNameError(t('groups.segment.nameRequired'));
    setSaving(true);
    try {
      const s = await saveSegment(name.trim(), definition, editing?.id);
      void message.success(t('groups.segment.saved', { name: s.name }));
      onClose();
    } catch (e) {
      // A name already taken is the name field's problem; anything else is shown as a message.
      if (e instanceof AppError && e.code === 'CONFLICT') setNameError(e.message);
      else void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={editing ? t('groups.segment.builderEditTitle', { name: editing.name }) : t('groups.segment.builderTitle')}
      width={880}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center" gap={16}>
          <span data-testid="group-segment-count" aria-live="polite">
            {!complete ? (
              <Typography.Text type="secondary">{t('groups.segment.countIncomplete')}</Typography.Text>
            ) : count.loading ? (
              <Spin size="small" description={t('groups.segment.counting')} />
            ) : count.error ? (
              <Typography.Text type="danger">{count.error}</Typography.Text>
            ) : count.n !== null ? (
              <Typography.Text strong>{t('groups.segment.count', { n: formatCount(count.n) })}</Typography.Text>
            ) : null}
          </span>
          <span>
            <Button onClick={onClose}>{t('form.cancel')}</Button>{' '}
            <Button type="primary" onClick={() => void save()} loading={saving} disabled={nested || !complete}>
              {t('groups.segment.save')}
            </Button>
          </span>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('groups.segment.intro')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void save()}>
        <Form.Item label={t('groups.segment.name')} required validateStatus={nameError ? 'error' : ''} help={nameError ?? ''}>
          <Input
            value={name}
            maxLength={60}
            disabled={nested}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(null);
            }}
            aria-label={t('groups.segment.name')}
          />
        </Form.Item>
      </Form>
      {nested ? (
        <Alert type="warning" showIcon title={t('groups.segment.nested')} />
      ) : (
        <Flex orientation="vertical" gap={8}>
          <Flex align="center" gap={8}>
            <Typography.Text>{t('groups.segment.match')}</Typography.Text>
            <Radio.Group
              optionType="button"
              value={op}
              onChange={(e) => setOp(e.target.value as 'and' | 'or')}
              options={[
                { value: 'and', label: t('groups.segment.all') },
                { value: 'or', label: t('groups.segment.any') },
              ]}
            />
          </Flex>
          {drafts.map((d) => (
            <div key={d.uid} style={ruleStyle} data-testid="group-segment-rule">
              <Select<GroupRuleField>
                aria-label={t('groups.segment.ruleField')}
                value={d.field}
                onChange={(field) => change(d.uid, field)}
                options={GROUP_RULE_FIELDS.map((f) => ({ value: f, label: t(`groups.segment.field.${f}`) }))}
                style={{ width: 120 }}
              />
              <div style={ruleBodyStyle}>
                <RuleEditor d={d} onChange={(patch) => update(d.uid, patch)} />
              </div>
              <Tooltip title={t('groups.segment.removeRule')}>
                <Button type="text" aria-label={t('groups.segment.removeRule')} icon={<DeleteOutlined aria-hidden />} onClick={() => setDrafts((ds) => ds.filter((x) => x.uid !== d.uid))} />
              </Tooltip>
            </div>
          ))}
          <div>
            <Dropdown
              trigger={['click']}
              menu={{ items: GROUP_RULE_FIELDS.map((f) => ({ key: f, label: t(`groups.segment.field.${f}`) })), onClick: ({ key: f }) => setDrafts((ds) => [...ds, newGroupRule(f as GroupRuleField)]) }}
            >
              <Button icon={<PlusOutlined aria-hidden />}>{t('groups.segment.addRule')}</Button>
            </Dropdown>
          </div>
        </Flex>
      )}
    </Modal>
  );
}

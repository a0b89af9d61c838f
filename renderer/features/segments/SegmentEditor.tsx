import { useEffect, type ComponentType } from 'react';
import { Alert, App, Button, Dropdown, Flex, Form, Input, Modal, Radio, Select, Spin, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import type { SegmentEditorStore } from '../../store/segments/segment-editor.store';
import { countView, editorComplete, type MatchOp, type RuleDraftBase } from '../../store/segments/selectors';
import './segment-editor.css';

/** The inputs of one rule after its field: how this target picks a value. */
export type RuleValueEditor<D> = ComponentType<{ draft: D; onChange(patch: Partial<D>): void }>;

export interface SegmentEditorProps<F extends string, D extends RuleDraftBase<F>> {
  /** The target's editor store (store/segments/editors.ts). */
  useEditor: SegmentEditorStore<F, D>;
  /** Where the target's words are: `${ns}.builderTitle`, `${ns}.field.<field>`, `${ns}.count` … */
  ns: 'groups.segment' | 'roster.segment';
  /** The target's name for a rule's field, in the reader's language. */
  fieldLabel(field: F): string;
  /** Test ids of the live count and of each rule: `${testId}-count`, `${testId}-rule`. */
  testId: string;
  RuleValue: RuleValueEditor<D>;
}

/**
 * The segment editor, for either target: a name, rules under one AND/OR, a live count of what
 * they select as they change, and save. Incomplete rules are left out of the definition and the
 * count. A segment that nests conditions (made elsewhere) opens read-only with its count. What a
 * target adds is its fields, their names and the inputs of each rule (`RuleValue`).
 */
export function SegmentEditor<F extends string, D extends RuleDraftBase<F>>({ useEditor, ns, fieldLabel, testId, RuleValue }: SegmentEditorProps<F, D>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const s = useEditor();
  const complete = editorComplete(s);
  const count = countView(s.count, complete);
  const close = s.close;

  // The editor belongs to the page that shows it: leaving the page closes it, so it does not
  // reopen on the next visit with a stale draft.
  useEffect(() => close, [close]);

  const save = async () => {
    try {
      const saved = await s.save();
      if (saved) void message.success(t(`${ns}.saved`, { name: saved.name }));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const nameError = s.nameError?.kind === 'required' ? t(`${ns}.nameRequired`) : s.nameError?.kind === 'taken' ? s.nameError.message : null;
  const fieldOptions = s.rules.fields.map((f) => ({ value: f, label: fieldLabel(f) }));

  return (
    <Modal
      open={s.open}
      title={s.editing ? t(`${ns}.builderEditTitle`, { name: s.editing.name }) : t(`${ns}.builderTitle`)}
      width={880}
      onCancel={close}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center" gap={16}>
          <span data-testid={`${testId}-count`} aria-live="polite">
            {count.kind === 'incomplete' ? (
              <Typography.Text type="secondary">{t(`${ns}.countIncomplete`)}</Typography.Text>
            ) : count.kind === 'counting' ? (
              <Spin size="small" description={t(`${ns}.counting`)} />
            ) : count.kind === 'error' ? (
              <Typography.Text type="danger">{count.message}</Typography.Text>
            ) : count.kind === 'count' ? (
              <Typography.Text strong>{t(`${ns}.count`, { n: formatCount(count.n) })}</Typography.Text>
            ) : null}
          </span>
          <span>
            <Button onClick={close}>{t('form.cancel')}</Button>{' '}
            <Button type="primary" onClick={() => void save()} loading={s.saving} disabled={s.nested || !complete}>
              {t(`${ns}.save`)}
            </Button>
          </span>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t(`${ns}.intro`)}</Typography.Paragraph>
      {/* Enter in the name saves, as the button would (and only when it would). */}
      <Form layout="vertical" onFinish={() => void save()}>
        <Form.Item label={t(`${ns}.name`)} required validateStatus={nameError ? 'error' : ''} help={nameError ?? ''}>
          <Input value={s.name} maxLength={60} disabled={s.nested} onChange={(e) => s.setName(e.target.value)} aria-label={t(`${ns}.name`)} />
        </Form.Item>
      </Form>
      {s.nested ? (
        <Alert type="warning" showIcon title={t(`${ns}.nested`)} />
      ) : (
        <Flex orientation="vertical" gap={8}>
          <Flex align="center" gap={8}>
            <Typography.Text>{t(`${ns}.match`)}</Typography.Text>
            <Radio.Group
              optionType="button"
              value={s.op}
              onChange={(e) => s.setOp(e.target.value as MatchOp)}
              options={[
                { value: 'and', label: t(`${ns}.all`) },
                { value: 'or', label: t(`${ns}.any`) },
              ]}
            />
          </Flex>
          {s.drafts.map((d) => (
            <div key={d.uid} className="qz-rule" data-testid={`${testId}-rule`}>
              <Select<F> aria-label={t(`${ns}.ruleField`)} value={d.field} onChange={(field) => s.setField(d.uid, field)} options={fieldOptions} style={{ width: 120 }} />
              <div className="qz-rule-body">
                <RuleValue draft={d} onChange={(patch) => s.updateRule(d.uid, patch)} />
              </div>
              <Tooltip title={t(`${ns}.removeRule`)}>
                <Button type="text" aria-label={t(`${ns}.removeRule`)} icon={<DeleteOutlined aria-hidden />} onClick={() => s.removeRule(d.uid)} />
              </Tooltip>
            </div>
          ))}
          <div>
            <Dropdown trigger={['click']} menu={{ items: fieldOptions.map((o) => ({ key: o.value, label: o.label })), onClick: ({ key }) => s.addRule(key as F) }}>
              <Button icon={<PlusOutlined aria-hidden />}>{t(`${ns}.addRule`)}</Button>
            </Dropdown>
          </div>
        </Flex>
      )}
    </Modal>
  );
}

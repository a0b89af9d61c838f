import { useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Form, Input, InputNumber, Radio, Select, Space, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOM_FIELD_KEY, CUSTOM_FIELDS_MAX, type GroupDto } from '../../../shared/domain/group';
import { errorText, formFieldErrors } from '../../lib/errors';
import { groupTypeOptions, platformOptions, stageOptions } from '../../lib/labels';
import { useGroupsStore } from '../../store/groups/groups.store';
import { CAPACITY, EMPTY_GROUP_FORM, GROUP_FORM_FIELDS, MAX_LENGTH, toFormValues, toGroupInput, type CustomFieldRow, type GroupFormValues } from './groupForm';

/** What the drawer is showing: nothing, a new group, or an existing one. */
export type GroupFormTarget = null | 'new' | GroupDto;

interface Props {
  target: GroupFormTarget;
  onClose(): void;
}

// The <form> gets this id, so the Save button in the drawer's header can submit it natively.
const FORM_ID = 'group-form';

/** Create and edit share one drawer. */
export function GroupForm({ target, onClose }: Props) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const editing = target !== null && target !== 'new' ? target : null;
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={editing ? t('form.editTitle') : t('form.createTitle')}
      size={560}
      // A fresh form on every open: no values left over from the previous group.
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button type="primary" htmlType="submit" form={FORM_ID} loading={saving}>
            {t('form.save')}
          </Button>
        </Space>
      }
    >
      {target !== null && <GroupFormFields group={editing} onSaving={setSaving} onSaved={onClose} />}
    </Drawer>
  );
}

interface FieldsProps {
  group: GroupDto | null;
  onSaving(saving: boolean): void;
  onSaved(): void;
}

/** Client rules catch the obvious at once; the core's field errors land on the same fields. */
function GroupFormFields({ group, onSaving, onSaved }: FieldsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GroupFormValues>();
  const create = useGroupsStore((s) => s.create);
  const update = useGroupsStore((s) => s.update);

  // The core trims before it counts, so the client does too.
  const max = (n: number): FormRule => ({ max: n, transform: (v: unknown) => (typeof v === 'string' ? v.trim() : v), message: t('form.tooLong', { max: n }) });

  const submit = async (values: GroupFormValues) => {
    onSaving(true);
    try {
      const input = toGroupInput(values);
      const saved = group ? await update(group.id, input) : await create(input);
      void message.success(t(group ? 'groups.saved' : 'groups.created', { name: saved.name }));
      onSaved();
    } catch (e) {
      const fields = formFieldErrors(e, GROUP_FORM_FIELDS, 'input.');
      if (fields.length > 0) {
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
        form.scrollToField(fields[0]!.name);
      } else {
        void message.error(errorText(e));
      }
    } finally {
      onSaving(false);
    }
  };

  return (
    <Form<GroupFormValues> form={form} name={FORM_ID} layout="vertical" initialValues={group ? toFormValues(group) : EMPTY_GROUP_FORM} onFinish={(v) => void submit(v)}>
      <Form.Item name="name" label={t('form.name')} rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }, max(MAX_LENGTH.name)]}>
        <Input autoFocus />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item name="platform" label={t('form.platform')} rules={[{ required: true, message: t('form.platformRequired') }]} style={{ flex: 1 }}>
          <Select options={platformOptions(t)} />
        </Form.Item>
        <Form.Item name="groupType" label={t('form.groupType')} rules={[{ required: true, message: t('form.groupTypeRequired') }]} tooltip={t('form.groupTypeHelp')} style={{ flex: 1 }}>
          <Radio.Group options={groupTypeOptions(t)} optionType="button" />
        </Form.Item>
      </Flex>
      <Form.Item name="externalId" label={t('form.externalId')} extra={t('form.externalIdHelp')} rules={[max(MAX_LENGTH.externalId)]}>
        <Input />
      </Form.Item>
      <Form.Item name="positioning" label={t('form.positioning')} extra={t('form.positioningHelp')} rules={[max(MAX_LENGTH.positioning)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item name="audience" label={t('form.audience')} rules={[max(MAX_LENGTH.audience)]}>
        <Input />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item name="city" label={t('form.city')} rules={[max(MAX_LENGTH.city)]} style={{ flex: 1 }}>
          <Input />
        </Form.Item>
        <Form.Item name="owner" label={t('form.owner')} rules={[max(MAX_LENGTH.owner)]} style={{ flex: 1 }}>
          <Input />
        </Form.Item>
      </Flex>
      <Flex gap={16}>
        <Form.Item name="capacity" label={t('form.capacity')} extra={t('form.capacityHelp')} style={{ flex: 1 }}>
          <InputNumber min={CAPACITY.min} max={CAPACITY.max} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="lifecycleStage" label={t('form.stage')} style={{ flex: 1 }}>
          <Select options={stageOptions(t)} />
        </Form.Item>
      </Flex>
      <Form.Item name="rules" label={t('form.rules')} rules={[max(MAX_LENGTH.rules)]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
      <Form.Item name="welcomeText" label={t('form.welcome')} rules={[max(MAX_LENGTH.welcomeText)]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
      <CustomFieldsList max={max} />
    </Form>
  );
}

/**
 * The group's own fields (讲师, 课程 …) as key/value rows: broadcasts fill {{group.<key>}} from
 * them. Keys follow the core's rule (shared CUSTOM_FIELD_KEY); a key may appear once.
 */
function CustomFieldsList({ max }: { max(n: number): FormRule }) {
  const { t } = useTranslation();
  const keyRules: FormRule[] = [
    { required: true, whitespace: true, message: t('form.customFieldKeyRequired') },
    { pattern: CUSTOM_FIELD_KEY, transform: (v: unknown) => (typeof v === 'string' ? v.trim() : v), message: t('form.customFieldKeyRule') },
    ({ getFieldValue }) => ({
      validator: async (_, value: unknown) => {
        const key = typeof value === 'string' ? value.trim() : '';
        const rows = (getFieldValue('customFields') as CustomFieldRow[] | undefined) ?? [];
        if (key && rows.filter((r) => r?.key?.trim() === key).length > 1) throw new Error(t('form.customFieldKeyDuplicate'));
      },
    }),
  ];
  return (
    <Form.Item label={t('form.customFields')} extra={t('form.customFieldsHelp', { token: `{{group.${t('form.customFieldKey')}}}` })}>
      <Form.List name="customFields">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="baseline" data-testid="custom-field-row">
                <Form.Item name={[field.name, 'key']} rules={keyRules} style={{ flex: 1 }}>
                  <Input placeholder={t('form.customFieldKey')} aria-label={t('form.customFieldKey')} />
                </Form.Item>
                <Form.Item name={[field.name, 'value']} rules={[max(MAX_LENGTH.customFieldValue)]} style={{ flex: 2 }}>
                  <Input placeholder={t('form.customFieldValue')} aria-label={t('form.customFieldValue')} />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined />} aria-label={t('form.customFieldRemove')} onClick={() => remove(field.name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })} disabled={fields.length >= CUSTOM_FIELDS_MAX}>
              {t('form.customFieldAdd')}
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

import { useEffect } from 'react';
import { App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../../shared/errors';
import { GROUP_TYPES, LIFECYCLE_STAGES, PLATFORMS } from '../../../shared/domain/enums';
import type { GroupDto, GroupInput } from '../../../shared/domain/group';
import { useGroupsStore } from '../../store/groups.store';

interface Props {
  open: boolean;
  /** null = create. */
  group: GroupDto | null;
  onClose(): void;
}

type FormValues = Omit<GroupInput, 'capacity'> & { capacity?: number | null };

const emptyValues: Partial<FormValues> = { lifecycleStage: 'planning', positioning: '', audience: '', city: '', owner: '', rules: '', welcomeText: '' };

function toValues(g: GroupDto): FormValues {
  return {
    platform: g.platform,
    name: g.name,
    externalId: g.externalId ?? '',
    positioning: g.positioning,
    audience: g.audience,
    groupType: g.groupType,
    city: g.city,
    owner: g.owner,
    capacity: g.capacity,
    rules: g.rules,
    welcomeText: g.welcomeText,
    lifecycleStage: g.lifecycleStage,
  };
}

/** Create and edit share one form. Client rules catch the obvious; the core's field errors land on their fields. */
export function GroupForm({ open, group, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { create, update } = useGroupsStore();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(group ? toValues(group) : emptyValues);
  }, [open, group, form]);

  const max = (n: number) => ({ max: n, message: t('form.tooLong', { max: n }) });

  const submit = async (values: FormValues) => {
    const input: GroupInput = { ...values, capacity: values.capacity ?? null };
    if (!input.externalId) delete input.externalId;
    try {
      const saved = group ? await update(group.id, input) : await create(input);
      void message.success(group ? t('groups.saved') : t('groups.created', { name: saved.name }));
      onClose();
    } catch (e) {
      if (e instanceof AppError && e.fields?.length) {
        form.setFields(e.fields.map((f) => ({ name: f.path.replace(/^input\./, '').split('.') as never, errors: [f.message] })));
      } else {
        void message.error((e as Error).message);
      }
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={group ? t('form.editTitle') : t('form.createTitle')}
      size={560}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()}>
            {t('form.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark>
        <Form.Item name="name" label={t('form.name')} rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }, max(100)]}>
          <Input autoFocus />
        </Form.Item>
        <Space.Compact block style={{ gap: 16 }}>
          <Form.Item name="platform" label={t('form.platform')} rules={[{ required: true, message: t('form.platformRequired') }]} style={{ flex: 1 }}>
            <Select options={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))} />
          </Form.Item>
          <Form.Item name="groupType" label={t('form.groupType')} rules={[{ required: true, message: t('form.groupTypeRequired') }]} style={{ flex: 1 }}>
            <Radio.Group options={GROUP_TYPES.map((g) => ({ value: g, label: t(`groupType.${g}`) }))} optionType="button" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="externalId" label={t('form.externalId')} extra={t('form.externalIdHelp')} rules={[max(200)]}>
          <Input />
        </Form.Item>
        <Form.Item name="positioning" label={t('form.positioning')} extra={t('form.positioningHelp')} rules={[max(2000)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item name="audience" label={t('form.audience')} rules={[max(2000)]}>
          <Input />
        </Form.Item>
        <Space.Compact block style={{ gap: 16 }}>
          <Form.Item name="city" label={t('form.city')} rules={[max(50)]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="owner" label={t('form.owner')} rules={[max(100)]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="capacity" label={t('form.capacity')} style={{ flex: 1 }}>
            <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="lifecycleStage" label={t('form.stage')}>
          <Select options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} />
        </Form.Item>
        <Form.Item name="rules" label={t('form.rules')} rules={[max(10000)]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item name="welcomeText" label={t('form.welcome')} rules={[max(10000)]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

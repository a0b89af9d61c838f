import { useState } from 'react';
import { Alert, App, Button, Checkbox, Collapse, Flex, Form, Input, Modal, Radio, Result, Select, Space, Tag, Typography, type FormInstance, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROBOT_PLATFORMS, type RobotDto, type RobotPlatform } from '../../../../shared/api/connections';
import { errorText } from '../../../lib/errors';
import { useConnectionsStore, type TestResult } from '../../../store/connections/connections.store';
import {
  EMPTY_ROBOT_FORM,
  reasonKey,
  ROBOT_LIMITS,
  robotFieldErrors,
  secretNeed,
  splitGroups,
  toAddRequest,
  toFormValues,
  toUpdateRequest,
  type RobotFormValues,
} from '../../../store/connections/selectors';
import { PLATFORM_COLORS, platformOptions } from '../../../lib/labels';
import { SetupGuide } from './SetupGuide';

/** What the dialog is showing: nothing, a new robot, or an existing one. */
export type RobotModalTarget = null | 'new' | RobotDto;

interface Props {
  target: RobotModalTarget;
  /** The secrets cannot be read or written here: credentials cannot be replaced. */
  locked: boolean;
  onClose(): void;
}

/**
 * Add and edit share one dialog. It is destroyed when hidden, so a pasted webhook address or
 * secret never outlives the dialog: after saving, only the robot's mask is on the page.
 */
export function RobotModal({ target, locked, onClose }: Props) {
  const { t } = useTranslation();
  const editing = target !== null && target !== 'new' ? target : null;
  return (
    <Modal open={target !== null} onCancel={onClose} title={editing ? t('connections.form.editTitle', { name: editing.name }) : t('connections.form.addTitle')} width={640} footer={null} destroyOnHidden maskClosable={false}>
      {target === 'new' && <AddRobot onClose={onClose} />}
      {editing && <EditRobot robot={editing} locked={locked} onClose={onClose} />}
    </Modal>
  );
}

// ---- shared fields -------------------------------------------------------------------------

function useRules() {
  const { t } = useTranslation();
  // The core trims before it counts, so the client does too.
  const max = (n: number): FormRule => ({ max: n, transform: (v: unknown) => (typeof v === 'string' ? v.trim() : v), message: t('connections.form.tooLong', { max: n }) });
  return {
    name: [{ required: true, whitespace: true, message: t('connections.form.nameRequired') }, max(ROBOT_LIMITS.name)] satisfies FormRule[],
    webhook: [{ required: true, whitespace: true, message: t('connections.form.webhookRequired') }, max(ROBOT_LIMITS.webhook)] satisfies FormRule[],
    secret: (platform: RobotPlatform): FormRule[] => [...(secretNeed(platform) === 'required' ? [{ required: true, whitespace: true, message: t('connections.form.secretRequired') }] : []), max(ROBOT_LIMITS.secret)],
    baseUrl: [max(ROBOT_LIMITS.baseUrl)] satisfies FormRule[],
  };
}

function NameAndGroup({ platform, current }: { platform: RobotPlatform; current?: RobotDto }) {
  const { t } = useTranslation();
  const rules = useRules();
  const groups = useConnectionsStore((s) => s.groups);
  const { same, other } = splitGroups(groups, platform);
  const option = (g: { id: number; name: string }) => ({ value: g.id, label: g.name });
  let options: ({ value: number; label: string } | { label: string; options: { value: number; label: string }[] })[] =
    same.length && other.length
      ? [
          { label: t('connections.form.groupsOn', { platform: t(`platform.${platform}`) }), options: same.map(option) },
          { label: t('connections.form.otherGroups'), options: other.map(option) },
        ]
      : [...same, ...other].map(option);
  // A robot whose group is archived keeps it: the select still names it.
  if (current?.groupId != null && current.groupName !== null && !groups.some((g) => g.id === current.groupId)) options = [{ value: current.groupId, label: current.groupName }, ...options];
  return (
    <>
      <Form.Item name="name" label={t('connections.form.name')} rules={rules.name}>
        <Input placeholder={t('connections.form.namePlaceholder')} maxLength={ROBOT_LIMITS.name + 20} />
      </Form.Item>
      <Form.Item name="groupId" label={t('connections.form.group')} extra={t('connections.form.groupHelp')}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('connections.form.groupPlaceholder')} options={options} />
      </Form.Item>
    </>
  );
}

function Credentials({ platform }: { platform: RobotPlatform }) {
  const { t } = useTranslation();
  const rules = useRules();
  const need = secretNeed(platform);
  return (
    <>
      <Form.Item name="webhook" label={t('connections.form.webhook')} extra={t('connections.form.webhookHelp')} rules={rules.webhook}>
        <Input.Password placeholder={t(`connections.form.webhookPlaceholder.${platform}`)} autoComplete="off" spellCheck={false} />
      </Form.Item>
      {need !== 'none' && (
        <Form.Item name="secret" label={t(`connections.form.secret.${platform === 'dingtalk' ? 'dingtalk' : 'feishu'}`)} rules={rules.secret(platform)}>
          <Input.Password placeholder={t(`connections.form.secretPlaceholder.${platform === 'dingtalk' ? 'dingtalk' : 'feishu'}`)} autoComplete="off" spellCheck={false} />
        </Form.Item>
      )}
    </>
  );
}

/** The core's field errors on the form's fields; what has no field goes to a message. */
function showErrors(form: FormInstance<RobotFormValues>, e: unknown, shown: (keyof RobotFormValues)[], toast: (text: string) => void): (keyof RobotFormValues)[] {
  const { fields, unplaced } = robotFieldErrors(e, shown);
  if (fields.length > 0) {
    form.setFields(fields);
    form.scrollToField(fields[0]!.name);
  }
  if (fields.length === 0 || unplaced.length > 0) toast(fields.length === 0 ? errorText(e) : unplaced.join(' '));
  return fields.map((f) => f.name[0]);
}

// ---- add -----------------------------------------------------------------------------------

function AddRobot({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RobotFormValues>();
  const platform = Form.useWatch('platform', form);
  const add = useConnectionsStore((s) => s.add);
  const rules = useRules();
  const [saving, setSaving] = useState(false);
  const [advanced, setAdvanced] = useState<string[]>([]);
  const [added, setAdded] = useState<RobotDto | null>(null);

  const submit = async (values: RobotFormValues) => {
    setSaving(true);
    try {
      setAdded(await add(toAddRequest(values)));
    } catch (e) {
      const placed = showErrors(form, e, ['name', 'groupId', 'webhook', 'secret', 'baseUrl'], (text) => void message.error(text));
      if (placed.includes('baseUrl')) setAdvanced(['advanced']);
    } finally {
      setSaving(false);
    }
  };

  // Unmounting the form drops what was pasted: from here on only the mask exists on the page.
  if (added) return <Added robot={added} onClose={onClose} />;

  return (
    <Form<RobotFormValues> form={form} layout="vertical" initialValues={EMPTY_ROBOT_FORM} onFinish={(v) => void submit(v)} name="robot-add">
      <Form.Item name="platform" label={t('connections.form.platform')} rules={[{ required: true, message: t('connections.form.platformRequired') }]} extra={platform ? undefined : t('connections.form.choosePlatform')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={platformOptions(t, ROBOT_PLATFORMS)}
          onChange={() => form.setFields([{ name: 'secret', errors: [] }, { name: 'webhook', errors: [] }])}
        />
      </Form.Item>
      {platform && (
        <>
          <SetupGuide platform={platform} />
          <NameAndGroup platform={platform} />
          <Credentials platform={platform} />
          <Collapse
            ghost
            size="small"
            activeKey={advanced}
            onChange={(keys) => setAdvanced(keys)}
            style={{ marginBottom: 16 }}
            styles={{ header: { paddingInline: 0 }, body: { paddingInline: 0 } }}
            items={[
              {
                key: 'advanced',
                label: t('connections.form.advanced'),
                forceRender: true,
                children: (
                  <Form.Item name="baseUrl" label={t('connections.form.baseUrl')} extra={t('connections.form.baseUrlHelp')} rules={rules.baseUrl} style={{ marginBottom: 0 }}>
                    <Input placeholder="http://127.0.0.1:8080" spellCheck={false} />
                  </Form.Item>
                ),
              },
            ]}
          />
        </>
      )}
      <Flex justify="end" gap={8}>
        <Button onClick={onClose}>{t('connections.form.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving} disabled={!platform}>
          {t('connections.form.submitAdd')}
        </Button>
      </Flex>
    </Form>
  );
}

/** Added: offer the test message at once, and show how it went. */
function Added({ robot, onClose }: { robot: RobotDto; onClose(): void }) {
  const { t } = useTranslation();
  const test = useConnectionsStore((s) => s.test);
  const testing = useConnectionsStore((s) => s.busy[robot.id] === 'test');
  const actionError = useConnectionsStore((s) => s.actionErrors[robot.id]);
  const [result, setResult] = useState<TestResult | null>(null);

  const onTest = async () => {
    setResult(null);
    setResult(await test(robot.id));
  };

  return (
    <div data-testid="robot-added">
      <Result
        status="success"
        title={t('connections.form.added', { name: robot.name })}
        subTitle={t('connections.form.addedHint')}
        style={{ paddingBlock: 16 }}
        extra={
          <Space>
            <Button type="primary" loading={testing} onClick={() => void onTest()}>
              {t('connections.form.sendTest')}
            </Button>
            <Button onClick={onClose}>{t('connections.form.done')}</Button>
          </Space>
        }
      />
      {result?.ok && <Alert type="success" showIcon title={t('connections.form.testOkTitle')} description={t('connections.form.testOkBody')} data-testid="robot-test-result" />}
      {result && !result.ok && (
        <Alert type="error" showIcon title={t('connections.form.testFailTitle')} description={t(`connections.reason.${reasonKey(result.code, robot.platform)}`)} data-testid="robot-test-result" />
      )}
      {!result && actionError && <Alert type="error" showIcon title={t('connections.form.testFailTitle')} description={actionError} data-testid="robot-test-result" />}
    </div>
  );
}

// ---- edit ----------------------------------------------------------------------------------

function EditRobot({ robot, locked, onClose }: { robot: RobotDto; locked: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RobotFormValues>();
  const replace = Form.useWatch('replace', form);
  const update = useConnectionsStore((s) => s.update);
  const [saving, setSaving] = useState(false);

  const submit = async (values: RobotFormValues) => {
    setSaving(true);
    try {
      const saved = await update(toUpdateRequest(robot, values));
      void message.success(t('connections.form.saved', { name: saved.name }));
      onClose();
    } catch (e) {
      showErrors(form, e, values.replace ? ['name', 'groupId', 'webhook', 'secret'] : ['name', 'groupId'], (text) => void message.error(text));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<RobotFormValues> form={form} layout="vertical" initialValues={toFormValues(robot)} onFinish={(v) => void submit(v)} name="robot-edit">
      <Form.Item label={t('connections.form.platform')}>
        <Space size={8}>
          <Tag color={PLATFORM_COLORS[robot.platform]}>{t(`platform.${robot.platform}`)}</Tag>
          <Typography.Text type="secondary">
            {t('connections.form.current')}
            {t('connections.colon')}
          </Typography.Text>
          <Typography.Text code>{robot.masked}</Typography.Text>
          {robot.signed && <Tag color="success">{t('connections.signed')}</Tag>}
        </Space>
      </Form.Item>
      <NameAndGroup platform={robot.platform} current={robot} />
      <Form.Item name="replace" valuePropName="checked" extra={replace ? t('connections.form.replaceHint') : undefined}>
        <Checkbox disabled={locked}>{t('connections.form.replace')}</Checkbox>
      </Form.Item>
      {replace && <Credentials platform={robot.platform} />}
      <Flex justify="end" gap={8}>
        <Button onClick={onClose}>{t('connections.form.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('connections.form.save')}
        </Button>
      </Flex>
    </Form>
  );
}

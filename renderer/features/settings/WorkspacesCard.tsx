import { useState } from 'react';
import { Alert, App, Button, Card, Divider, Flex, Form, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkspaceSummary } from '../../../shared/domain/workspace';
import { errorText, formFieldErrors } from '../../lib/errors';
import { useWorkspaceStore } from '../../store/workspace/workspace.store';
import { canLoadDemo } from '../../store/workspace/selectors';

/** Must match `workspace.create` in shared/api/workspace.ts. */
const NAME_MAX = 60;

export function WorkspacesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ws = useWorkspaceStore((s) => s.current);
  const list = useWorkspaceStore((s) => s.list);
  const pending = useWorkspaceStore((s) => s.pending);
  const switchTo = useWorkspaceStore((s) => s.switchTo);
  const [switching, setSwitching] = useState<string | null>(null);
  if (!ws) return null;
  const fixed = ws.fixed;

  const onSwitch = (id: string) => {
    setSwitching(id);
    switchTo(id)
      .then(
        (next) => void message.success(t('settings.switched', { name: next.name })),
        (e: unknown) => void message.error(errorText(e)),
      )
      .finally(() => setSwitching(null));
  };

  const columns: TableColumnsType<WorkspaceSummary> = [
    { title: t('settings.colName'), dataIndex: 'name', render: (_: unknown, w) => <Typography.Text strong={w.current}>{w.name}</Typography.Text> },
    { title: t('settings.colPath'), dataIndex: 'path', render: (_: unknown, w) => <Typography.Text type="secondary">{w.path}</Typography.Text> },
    {
      title: t('settings.colAction'),
      key: 'action',
      width: 110,
      render: (_: unknown, w) =>
        w.current ? (
          <Tag color="green">{t('settings.current')}</Tag>
        ) : (
          <Button size="small" disabled={fixed || pending !== null} loading={switching === w.id} onClick={() => onSwitch(w.id)}>
            {t('settings.switch')}
          </Button>
        ),
    },
  ];

  return (
    <Card title={t('settings.workspaces')}>
      {fixed && <Alert type="info" showIcon title={t('settings.fixedNote')} style={{ marginBottom: 16 }} />}
      <Table<WorkspaceSummary> rowKey="id" size="small" columns={columns} dataSource={list} pagination={false} />
      <Divider />
      <NewWorkspaceForm disabled={fixed} />
      <Divider />
      <DemoAction />
    </Card>
  );
}

function NewWorkspaceForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const pending = useWorkspaceStore((s) => s.pending);
  const create = useWorkspaceStore((s) => s.create);

  const submit = async ({ name }: { name: string }) => {
    try {
      const ws = await create(name.trim());
      form.resetFields();
      void message.success(t('settings.created', { name: ws.name }));
    } catch (e) {
      const fields = formFieldErrors(e, ['name']);
      if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else void message.error(errorText(e));
    }
  };

  return (
    <Form form={form} name="new-workspace" layout="inline" disabled={disabled} onFinish={(v) => void submit(v)}>
      <Form.Item
        name="name"
        label={t('settings.newWorkspaceName')}
        rules={[
          { required: true, whitespace: true, message: t('settings.newWorkspaceNameRequired') },
          { max: NAME_MAX, message: t('form.tooLong', { max: NAME_MAX }) },
        ]}
      >
        <Input style={{ width: 240 }} />
      </Form.Item>
      <Form.Item>
        <Button htmlType="submit" loading={pending === 'create'} disabled={disabled || (pending !== null && pending !== 'create')}>
          {t('settings.newWorkspace')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** Managed mode: a new demo workspace. Fixed mode: the core can only fill this one, and only while it is empty. */
function DemoAction() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ws = useWorkspaceStore((s) => s.current);
  const pending = useWorkspaceStore((s) => s.pending);
  const createDemo = useWorkspaceStore((s) => s.createDemo);
  if (!ws) return null;
  const allowed = canLoadDemo(ws);
  const hint = !ws.fixed ? t('settings.createDemoHint') : allowed ? t('settings.fixedDemoEmpty') : t('settings.fixedDemoFull');

  const run = () =>
    createDemo().then(
      (next) => void message.success(t('settings.demoLoaded', { name: next.name })),
      (e: unknown) => void message.error(errorText(e)),
    );

  return (
    <Flex orientation="vertical" gap={8} align="flex-start">
      <Button disabled={!allowed || (pending !== null && pending !== 'demo')} loading={pending === 'demo'} onClick={() => void run()}>
        {ws.fixed ? t('settings.demoIntoCurrent') : t('settings.createDemo')}
      </Button>
      <Typography.Text type="secondary">{hint}</Typography.Text>
    </Flex>
  );
}

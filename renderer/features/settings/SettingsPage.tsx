import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/domain/enums';
import { useAppStore } from '../../store/app.store';

export function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { locale, setLocale, workspace, workspaces, loadWorkspaces, switchWorkspace, createWorkspace, createDemo, info, busy } = useAppStore();
  const [name, setName] = useState('');

  useEffect(() => {
    void loadWorkspaces();
  }, [loadWorkspaces]);

  const attempt = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const fixed = !!workspace?.fixed;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 880 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>

      <Card title={t('settings.language')}>
        <Radio.Group
          value={locale}
          onChange={(e) => void attempt(() => setLocale(e.target.value as Locale))}
          options={[
            { value: 'zh-CN', label: '简体中文' },
            { value: 'en', label: 'English' },
          ]}
        />
      </Card>

      {workspace && (
        <Card title={t('settings.workspace')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('app.workspace')}>
              {workspace.name} {workspace.demo && <Tag color="orange">{t('app.demo')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('settings.path')}>
              <Typography.Text copyable code>
                {workspace.path}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('settings.schema')}>{workspace.schemaVersion}</Descriptions.Item>
            <Descriptions.Item label={t('nav.groups')}>
              {t('app.counts', { groups: workspace.counts.groups.toLocaleString(), members: workspace.counts.members.toLocaleString(), messages: workspace.counts.messages.toLocaleString() })}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}

      <Card title={t('settings.workspaces')}>
        {fixed && <Alert type="info" showIcon title={t('settings.fixedNote')} style={{ marginBottom: 16 }} />}
        <List
          dataSource={workspaces}
          renderItem={(w) => (
            <List.Item
              actions={[
                w.current ? (
                  <Tag key="c" color="green">
                    {t('settings.current')}
                  </Tag>
                ) : (
                  <Button
                    key="s"
                    size="small"
                    disabled={fixed}
                    onClick={() => void attempt(async () => void message.success(t('settings.switched', { name: (await switchWorkspace(w.id)).name })))}
                  >
                    {t('settings.switch')}
                  </Button>
                ),
              ]}
            >
              <List.Item.Meta title={w.name} description={<Typography.Text type="secondary">{w.path}</Typography.Text>} />
            </List.Item>
          )}
        />
        <Form layout="inline" style={{ marginTop: 16 }} onFinish={() => void attempt(async () => (await createWorkspace(name.trim()), setName('')))}>
          <Form.Item label={t('settings.newWorkspaceName')}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} disabled={fixed} />
          </Form.Item>
          <Button htmlType="submit" disabled={fixed || !name.trim()}>
            {t('settings.create')}
          </Button>
          <Button style={{ marginLeft: 8 }} disabled={fixed} loading={busy} onClick={() => void attempt(createDemo)}>
            {t('settings.createDemo')}
          </Button>
        </Form>
      </Card>

      {info && (
        <Card title={t('settings.about')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('settings.version')}>{info.version}</Descriptions.Item>
            <Descriptions.Item label={t('settings.transport')}>{info.transport === 'electron' ? t('settings.transportElectron') : t('settings.transportBridge')}</Descriptions.Item>
            <Descriptions.Item label={t('settings.dataDir')}>{info.dataDir}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </Space>
  );
}

import { Layout, Menu, Space, Tag, Typography } from 'antd';
import {
  AppstoreOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  ImportOutlined,
  InboxOutlined,
  NotificationOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { useAppStore, type Route } from '../store/app.store';
import { GroupsPage } from '../features/groups/GroupsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ComingSoon } from '../features/placeholder/ComingSoon';
import { WelcomeModal } from '../features/welcome/WelcomeModal';

const ICONS: Record<Route, ReactNode> = {
  inbox: <InboxOutlined />,
  groups: <AppstoreOutlined />,
  roster: <TeamOutlined />,
  broadcasts: <NotificationOutlined />,
  calendar: <CalendarOutlined />,
  cases: <BookOutlined />,
  health: <BarChartOutlined />,
  imports: <ImportOutlined />,
  settings: <SettingOutlined />,
};

function Page({ route }: { route: Route }) {
  if (route === 'groups') return <GroupsPage />;
  if (route === 'settings') return <SettingsPage />;
  return <ComingSoon area={route} />;
}

export function Shell() {
  const { t } = useTranslation();
  const { route, navigate, workspace } = useAppStore();
  const items = (Object.keys(ICONS) as Route[]).map((key) => ({ key, icon: ICONS[key], label: t(`nav.${key}`) }));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontSize: 20, fontWeight: 600 }}>
          群主 <Typography.Text type="secondary" style={{ fontSize: 12 }}>Qunzhu</Typography.Text>
        </div>
        <Menu mode="inline" selectedKeys={[route]} items={items} onClick={(e) => navigate(e.key as Route)} style={{ borderInlineEnd: 0 }} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', paddingInline: 24, height: 56, lineHeight: '56px' }}>
          {workspace && (
            <Space size="middle">
              <Typography.Text type="secondary">{t('app.workspace')}</Typography.Text>
              <Typography.Text strong>{workspace.name}</Typography.Text>
              {workspace.demo && <Tag color="orange">{t('app.demo')}</Tag>}
              <Typography.Text type="secondary">
                {t('app.counts', {
                  groups: workspace.counts.groups.toLocaleString(),
                  members: workspace.counts.members.toLocaleString(),
                  messages: workspace.counts.messages.toLocaleString(),
                })}
              </Typography.Text>
            </Space>
          )}
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Page route={route} />
        </Layout.Content>
      </Layout>
      <WelcomeModal />
    </Layout>
  );
}

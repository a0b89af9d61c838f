import { Alert, Layout, Menu, Typography } from 'antd';
import { useSettingsStore } from '../store/settings/settings.store';
import { useTranslation } from 'react-i18next';
import { useRouteStore, type Route } from '../store/route/route.store';
import { GroupsPage } from '../features/groups/GroupsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ComingSoon } from '../features/placeholder/ComingSoon';
import { ImportsPage } from '../features/imports/ImportsPage';
import { InboxPage } from '../features/inbox/InboxPage';
import { RosterPage } from '../features/roster/RosterPage';
import { BroadcastsPage } from '../features/broadcasts/BroadcastsPage';
import { CasesPage } from '../features/cases/CasesPage';
import { WelcomeModal } from '../features/welcome/WelcomeModal';
import { useImportsStore } from '../store/imports/imports.store';
import type { DragEvent } from 'react';
import { NAV } from './nav';
import { WorkspaceBadge } from './WorkspaceBadge';
import { DamagedWorkspaceBanner } from './DamagedWorkspaceBanner';
import { RollbackBanner } from './RollbackBanner';

const BORDER = '1px solid #f0f0f0';

function Page({ route }: { route: Route }) {
  if (route === 'groups') return <GroupsPage />;
  if (route === 'settings') return <SettingsPage />;
  if (route === 'imports') return <ImportsPage />;
  if (route === 'inbox') return <InboxPage />;
  if (route === 'roster') return <RosterPage />;
  if (route === 'broadcasts') return <BroadcastsPage />;
  if (route === 'cases') return <CasesPage />;
  return <ComingSoon area={route} />;
}

export function Shell() {
  const { t } = useTranslation();
  const route = useRouteStore((s) => s.route);
  const navigate = useRouteStore((s) => s.navigate);
  // A damaged settings file was moved aside at start-up: said once, here, until closed.
  const setAside = useSettingsStore((s) => s.info?.settingsSetAside ?? null);
  const items = NAV.map(({ route: key, icon }) => ({ key, icon, label: t(`nav.${key}`) }));
  const pickFile = useImportsStore((s) => s.pickFile);
  const importBusy = useImportsStore((s) => s.stage === 'uploading' || s.stage === 'previewing' || s.stage === 'importing');

  // A chat export dropped anywhere in the window opens the Imports page with its preview.
  // The Imports page's own drop area handles drops on itself.
  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes('Files')) e.preventDefault();
  };
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer.files[0];
    if (!file || e.defaultPrevented) return;
    e.preventDefault();
    if (importBusy) return;
    navigate('imports');
    void pickFile(file);
  };

  return (
    <Layout style={{ minHeight: '100vh' }} onDragOver={onDragOver} onDrop={onDrop}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: BORDER }}>
        {/* Sticky so the menu stays put while a long table scrolls. */}
        <div style={{ position: 'sticky', top: 0 }}>
          <div style={{ padding: '16px 20px', fontSize: 20, fontWeight: 600 }}>
            群主{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              Qunzhu
            </Typography.Text>
          </div>
          <nav aria-label={t('nav.label')}>
            <Menu mode="inline" selectedKeys={[route]} items={items} onClick={(e) => navigate(e.key as Route)} style={{ borderInlineEnd: 0 }} />
          </nav>
        </div>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', borderBottom: BORDER, paddingInline: 24, height: 56, lineHeight: '56px' }}>
          <WorkspaceBadge />
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <DamagedWorkspaceBanner />
          <RollbackBanner />
          {setAside && <Alert type="warning" showIcon closable role="alert" style={{ marginBottom: 16 }} title={t('app.settingsSetAside', { file: setAside })} />}
          <Page route={route} />
        </Layout.Content>
      </Layout>
      <WelcomeModal />
    </Layout>
  );
}

import { useEffect } from 'react';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWorkspaceStore } from '../../store/workspace/workspace.store';
import { AboutCard } from './AboutCard';
import { BroadcastRulesCard } from './BroadcastRulesCard';
import { ConnectionsCard } from './connections/ConnectionsCard';
import { CurrentWorkspaceCard } from './CurrentWorkspaceCard';
import { LanguageCard } from './LanguageCard';
import { TagRulesCard } from './TagRulesCard';
import { WorkspacesCard } from './WorkspacesCard';

export function SettingsPage() {
  const { t } = useTranslation();
  const loadList = useWorkspaceStore((s) => s.loadList);
  const refresh = useWorkspaceStore((s) => s.refresh);

  useEffect(() => {
    // Counts and the list may have moved on since start-up (imports, other windows).
    void refresh().catch(() => undefined);
    void loadList().catch(() => undefined);
  }, [refresh, loadList]);

  return (
    <Flex orientation="vertical" gap={24} style={{ maxWidth: 880 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <LanguageCard />
      <CurrentWorkspaceCard />
      <WorkspacesCard />
      <ConnectionsCard />
      <BroadcastRulesCard />
      <TagRulesCard />
      <AboutCard />
    </Flex>
  );
}

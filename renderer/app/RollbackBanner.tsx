import { Alert, Progress } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWorkspaceStore } from '../store/workspace/workspace.store';

/**
 * The app stopped during an import last time, and what that import wrote is being taken out again
 * in the background: said with its progress at the top of every page, until it is done.
 */
export function RollbackBanner() {
  const { t } = useTranslation();
  const rolling = useWorkspaceStore((s) => s.current?.rollingBack ?? null);
  if (!rolling) return null;
  const percent = rolling.total > 0 ? Math.floor((rolling.done / rolling.total) * 100) : 0;
  return (
    <Alert
      type="info"
      showIcon
      role="status"
      data-testid="rollback-banner"
      style={{ marginBottom: 16 }}
      title={t('app.rollingBackTitle')}
      description={
        <>
          {t('app.rollingBackBody', { done: rolling.done, total: rolling.total })}
          <Progress percent={percent} size="small" status="active" />
        </>
      }
    />
  );
}

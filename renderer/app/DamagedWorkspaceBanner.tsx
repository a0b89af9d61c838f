import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWorkspaceStore } from '../store/workspace/workspace.store';

/**
 * The current workspace's file is damaged (the core opened it read-only): said at the top of every
 * page, with the one useful action, saving what can still be read to a new file, and where it went.
 */
export function DamagedWorkspaceBanner() {
  const { t } = useTranslation();
  const ws = useWorkspaceStore((s) => s.current);
  const recovered = useWorkspaceStore((s) => s.recovered);
  const recovering = useWorkspaceStore((s) => s.recovering);
  const error = useWorkspaceStore((s) => s.recoveryError);
  const save = useWorkspaceStore((s) => s.saveRecoveredCopy);
  const switchTo = useWorkspaceStore((s) => s.switchTo);
  if (!ws?.damaged) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={t('app.damagedTitle')}
      description={
        <Space direction="vertical">
          <Typography.Text>{t('app.damagedBody', { path: ws.path })}</Typography.Text>
          {recovered && (
            <Typography.Text type="success" data-testid="recovered-copy">
              {t('app.recoveredSaved', { path: recovered.path, rows: recovered.rows.toLocaleString() })}
              {recovered.damagedTables.length > 0 && ` ${t('app.recoveredLost', { tables: recovered.damagedTables.join('、') })}`}
            </Typography.Text>
          )}
          {error && <Typography.Text type="danger">{error}</Typography.Text>}
          <Space>
            <Button type="primary" loading={recovering} onClick={() => void save()}>
              {t('app.saveRecovered')}
            </Button>
            {recovered?.workspaceId && <Button onClick={() => void switchTo(recovered.workspaceId!)}>{t('app.recoveredSwitch')}</Button>}
          </Space>
        </Space>
      }
    />
  );
}

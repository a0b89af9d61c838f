import { LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VaultDto } from '../../../../shared/api/connections';

/** Where this workspace's robot secrets are kept, and a warning or an error where that matters. */
export function VaultStatus({ vault }: { vault: VaultDto | null }) {
  const { t } = useTranslation();
  if (!vault) return null;
  if (vault.locked) {
    return <Alert type="error" showIcon data-testid="vault-status" data-backend={vault.backend} title={t('connections.vault.lockedTitle')} description={t('connections.vault.locked')} />;
  }
  if (vault.backend === 'os-plaintext') {
    return <Alert type="warning" showIcon data-testid="vault-status" data-backend={vault.backend} title={t('connections.vault.plaintextTitle')} description={t('connections.vault.plaintext')} />;
  }
  return (
    <Typography.Text type="secondary" data-testid="vault-status" data-backend={vault.backend}>
      {vault.backend === 'os' ? <SafetyCertificateOutlined aria-hidden /> : <LockOutlined aria-hidden />} {t(vault.backend === 'os' ? 'connections.vault.os' : 'connections.vault.file')}
    </Typography.Text>
  );
}

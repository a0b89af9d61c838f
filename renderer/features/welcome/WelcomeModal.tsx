import { App, Button, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/app.store';
import { useGroupsStore } from '../../store/groups.store';

/** First launch on an empty workspace: the demo, or an empty start. */
export function WelcomeModal() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { workspace, busy, createDemo, dismissWelcome } = useAppStore();
  const reloadGroups = useGroupsStore((s) => s.load);
  const run = async (action: () => Promise<void>) => {
    try {
      await action();
      await reloadGroups();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  return (
    <Modal open={!!workspace?.welcome} title={t('welcome.title')} footer={null} closable={false} mask={{ closable: false }} width={520}>
      <Typography.Paragraph>{t('welcome.body')}</Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Button type="primary" block size="large" loading={busy} onClick={() => void run(createDemo)}>
            {t('welcome.demo')}
          </Button>
          <Typography.Text type="secondary">{t('welcome.demoHint')}</Typography.Text>
        </div>
        <div>
          <Button block size="large" disabled={busy} onClick={() => void run(dismissWelcome)}>
            {t('welcome.empty')}
          </Button>
          <Typography.Text type="secondary">{t('welcome.emptyHint')}</Typography.Text>
        </div>
      </Space>
    </Modal>
  );
}

import { App, Button, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { useWorkspaceStore } from '../../store/workspace/workspace.store';

/**
 * First launch: the demo, or an empty start. It cannot be dismissed any other way because
 * the core keeps asking (`welcome: true`) until one of the two is chosen.
 */
export function WelcomeModal() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const open = useWorkspaceStore((s) => !!s.current?.welcome);
  const pending = useWorkspaceStore((s) => s.pending);
  const createDemo = useWorkspaceStore((s) => s.createDemo);
  const dismissWelcome = useWorkspaceStore((s) => s.dismissWelcome);

  const choose = (action: () => Promise<unknown>) => {
    action().catch((e: unknown) => void message.error(errorText(e)));
  };

  return (
    <Modal open={open} title={t('welcome.title')} footer={null} closable={false} keyboard={false} mask={{ closable: false }} width={520}>
      <Typography.Paragraph>{t('welcome.body')}</Typography.Paragraph>
      <Flex orientation="vertical" gap="large">
        <Flex orientation="vertical" gap={4}>
          <Button type="primary" block size="large" loading={pending === 'demo'} disabled={pending === 'welcome'} onClick={() => choose(createDemo)}>
            {t('welcome.demo')}
          </Button>
          <Typography.Text type="secondary">{t('welcome.demoHint')}</Typography.Text>
        </Flex>
        <Flex orientation="vertical" gap={4}>
          <Button block size="large" loading={pending === 'welcome'} disabled={pending === 'demo'} onClick={() => choose(dismissWelcome)}>
            {t('welcome.empty')}
          </Button>
          <Typography.Text type="secondary">{t('welcome.emptyHint')}</Typography.Text>
        </Flex>
      </Flex>
    </Modal>
  );
}

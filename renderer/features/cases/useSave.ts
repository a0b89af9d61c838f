import { useCallback } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';

/** Runs an editor change; a failure is shown in the user's language and reported back as false. */
export function useSave() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return useCallback(
    async (run: () => Promise<unknown>): Promise<boolean> => {
      try {
        await run();
        return true;
      } catch (e) {
        void message.error(`${t('cases.editor.saveFailed')}：${errorText(e)}`);
        return false;
      }
    },
    [message, t],
  );
}

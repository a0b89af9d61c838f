import { useCallback } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseExportResult } from '../../../shared/api/cases';
import { errorText } from '../../lib/errors';
import { missingConsentText } from '../../store/cases/selectors';

/**
 * Runs an export and tells the user how it went: saved (with what it showed without consent,
 * and images it could not find), or why not — the core's refusal when the workspace refuses
 * exports without consent, in a dialog that stays until read.
 */
export function useExportResult() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  return useCallback(
    async (run: () => Promise<CaseExportResult>): Promise<CaseExportResult | null> => {
      const hide = message.loading(t('cases.export.working'), 0);
      try {
        const r = await run();
        hide();
        if (r.missingConsent.length) void message.warning(t('cases.export.doneWithout', { name: r.name, who: missingConsentText(r.missingConsent) }), 6);
        else void message.success(t('cases.export.done', { name: r.name }));
        if (r.missingImages.length) void message.info(t('cases.export.missingImages', { count: r.missingImages.length }), 6);
        return r;
      } catch (e) {
        hide();
        modal.error({ title: t('cases.export.refusedTitle'), content: errorText(e) });
        return null;
      }
    },
    [message, modal, t],
  );
}

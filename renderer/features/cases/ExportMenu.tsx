import { App, Button, Dropdown, type MenuProps } from 'antd';
import { DownOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseExportFormat } from '../../../shared/api/cases';
import { useCaseEditorStore } from '../../store/cases/editor.store';
import { useCaseListStore } from '../../store/cases/list.store';
import { exportGate } from '../../store/cases/selectors';
import { useExportResult } from './useExportResult';

const MENU_ORDER: readonly CaseExportFormat[] = ['md', 'html', 'pdf', 'png', 'zip'];

/** The case's 导出 menu: warns before showing words without consent; the core refuses when the workspace says so. */
export function ExportMenu() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const c = useCaseEditorStore((s) => s.case);
  const doExport = useCaseEditorStore((s) => s.export);
  const requireConsent = useCaseListStore((s) => s.requireConsent);
  const report = useExportResult();
  if (!c) return null;

  const go = (format: CaseExportFormat) => {
    const gate = exportGate(c.missingConsent, requireConsent);
    if (gate.kind === 'warn') {
      modal.confirm({
        title: t('cases.export.warnTitle'),
        content: t('cases.export.warnText', { who: gate.who }),
        okText: t('cases.export.warnOk'),
        onOk: () => void report(() => doExport(format)),
      });
      return;
    }
    // Refused or fine: the core decides and its answer (the refusal, in the user's language) is shown.
    void report(() => doExport(format));
  };
  const items: MenuProps['items'] = MENU_ORDER.map((f) => ({ key: f, label: t(`cases.format.${f}`) }));
  return (
    <Dropdown menu={{ items, onClick: ({ key }) => go(key as CaseExportFormat) }} trigger={['click']} placement="bottomRight">
      <Button type="primary" icon={<ExportOutlined aria-hidden />}>
        {t('cases.export.button')} <DownOutlined aria-hidden />
      </Button>
    </Dropdown>
  );
}

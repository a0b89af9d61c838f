import { useEffect } from 'react';
import { App, Form, Input, Modal, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { LABEL_COLORS, type LabelDto } from '../../../shared/domain/roster';
import { errorText } from '../../lib/errors';
import { useRosterStore } from '../../store/roster/roster.store';

interface Props {
  open: boolean;
  /** The OK button's words: "create" alone, or "create and add" when the label goes straight onto members. */
  okText?: string;
  onClose(): void;
  /** Called with the new label; a rejection keeps the dialog open with the error shown. */
  onCreated?(label: LabelDto): Promise<void> | void;
}

interface Values {
  name: string;
  color: LabelDto['color'];
}

/** A new label: its name and one of antd's preset colours. */
export function LabelFormModal({ open, okText, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const createLabel = useRosterStore((s) => s.createLabel);
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (open) form.setFieldsValue({ name: '', color: 'blue' });
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const label = await createLabel(v.name.trim(), v.color);
      await onCreated?.(label);
      onClose();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Modal open={open} title={t('roster.labelModal.title')} okText={okText ?? t('roster.labelModal.create')} cancelText={t('form.cancel')} onOk={submit} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: '', color: 'blue' }} onFinish={() => void submit()}>
        <Form.Item name="name" label={t('roster.labelModal.name')} rules={[{ required: true, whitespace: true, message: t('roster.labelModal.nameRequired') }, { max: 40, message: t('form.tooLong', { max: 40 }) }]}>
          <Input maxLength={40} autoFocus />
        </Form.Item>
        <Form.Item name="color" label={t('roster.labelModal.color')}>
          <Select options={LABEL_COLORS.map((c) => ({ value: c, label: t(`roster.color.${c}`) }))} optionRender={(o) => <Tag color={o.value as string}>{o.label}</Tag>} labelRender={(o) => <Tag color={o.value as string}>{o.label}</Tag>} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

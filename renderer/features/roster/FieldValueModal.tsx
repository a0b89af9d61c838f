import { useEffect } from 'react';
import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { useRosterStore } from '../../store/roster/roster.store';
import { fieldName, optionName } from './format';

interface Props {
  open: boolean;
  /** How many members it applies to, as shown ("12,408"). */
  count: string;
  onClose(): void;
  /** Applies the value (null clears it) to the selection. */
  onApply(key: string, value: string | null): Promise<void>;
}

interface Values {
  key: string;
  value?: string | undefined;
  clear: boolean;
}

/** Bulk: one field set to one value (or cleared) for every selected member. */
export function FieldValueModal({ open, count, onClose, onApply }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fields = useRosterStore((s) => s.fields);
  const [form] = Form.useForm<Values>();
  const key = Form.useWatch('key', form);
  const clear = Form.useWatch('clear', form);
  const field = fields.find((f) => f.key === key);

  useEffect(() => {
    if (open) form.setFieldsValue({ key: fields[0]?.key ?? 'city', value: undefined, clear: false });
  }, [open, form, fields]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await onApply(v.key, v.clear ? null : (v.value ?? '').trim());
      onClose();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Modal open={open} title={t('roster.fieldModal.title', { n: count })} okText={t('roster.fieldModal.apply')} cancelText={t('form.cancel')} onOk={submit} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ clear: false }}>
        <Form.Item name="key" label={t('roster.fieldModal.field')}>
          <Select options={fields.map((f) => ({ value: f.key, label: fieldName(t, f) }))} onChange={() => form.setFieldValue('value', undefined)} />
        </Form.Item>
        {!clear && (
          <Form.Item name="value" label={t('roster.fieldModal.value')} rules={[{ required: true, whitespace: true, message: t('roster.fieldModal.valueRequired') }]}>
            {field?.kind === 'choice' ? (
              <Select aria-label={t('roster.fieldModal.value')} options={field.options.map((o) => ({ value: o, label: optionName(t, field, o) }))} />
            ) : (
              <Input aria-label={t('roster.fieldModal.value')} maxLength={500} />
            )}
          </Form.Item>
        )}
        <Form.Item name="clear" valuePropName="checked">
          <Checkbox>{t('roster.fieldModal.clear')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

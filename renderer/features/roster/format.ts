import type { TFunction } from 'i18next';
import type { FieldDefDto } from '../../../shared/domain/roster';
import { isBuiltinField, isMotive } from '../../store/roster/selectors';

/** A motive's name in the user's language; anything else as stored. */
export function motiveName(t: TFunction, value: string): string {
  return isMotive(value) ? t(`roster.motive.${value}`) : value;
}

/** A field's name: built-ins are named by the UI, custom fields by their own label. */
export function fieldName(t: TFunction, f: Pick<FieldDefDto, 'key' | 'label' | 'builtin'>): string {
  return f.builtin && isBuiltinField(f.key) ? t(`roster.field.${f.key}`) : f.label || f.key;
}

/** A choice field's option as shown: motives by name, other options as written. */
export function optionName(t: TFunction, f: Pick<FieldDefDto, 'key' | 'builtin'>, option: string): string {
  return f.builtin && f.key === 'motive' ? motiveName(t, option) : option;
}

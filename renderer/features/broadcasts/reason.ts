import type { TFunction } from 'i18next';
import type { SendReasonKey } from '../../store/broadcasts/selectors';

/** A send's reason in words: the Connections catalogue (shared with the robot test), or the outbox's own 'interrupted'. */
export function reasonText(t: TFunction, key: SendReasonKey): string {
  return key === 'interrupted' ? t('broadcasts.interrupted') : t(`connections.reason.${key}`);
}

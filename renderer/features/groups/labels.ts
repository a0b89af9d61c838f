import type { LifecycleStage, Platform } from '../../../shared/domain/enums';

/** Brand-ish tag colours so platforms are told apart at a glance. */
export const PLATFORM_COLORS: Record<Platform, string> = {
  wechat: 'green',
  wecom: 'cyan',
  qq: 'blue',
  telegram: 'geekblue',
  whatsapp: 'lime',
  discord: 'purple',
  slack: 'magenta',
  dingtalk: 'processing',
  feishu: 'volcano',
  other: 'default',
};

/** Warm colours where an operator should look: a group that is fading or asleep. */
export const STAGE_COLORS: Record<LifecycleStage, string> = {
  planning: 'default',
  activating: 'gold',
  healthy: 'success',
  declining: 'warning',
  dormant: 'error',
  archived: 'default',
  migrated: 'default',
};

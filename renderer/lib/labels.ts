import type { Platform } from '../../shared/domain/enums';

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

export const STAGE_COLORS: Record<string, string> = {
  planning: 'default',
  activating: 'gold',
  healthy: 'success',
  declining: 'warning',
  dormant: 'default',
  archived: 'default',
  migrated: 'default',
};

/**
 * How the domain's group enums (platform, group type, class, lifecycle stage) and the members'
 * auto tags look wherever a feature shows or offers them: one colour each, and the option lists
 * of selects, named in the reader's language. Colours are antd preset names.
 */
import type { TFunction } from 'i18next';
import { GROUP_CLASSES, GROUP_TYPES, LIFECYCLE_STAGES, PLATFORMS, type GroupClass, type GroupType, type LifecycleStage, type Platform } from '../../shared/domain/enums';
import type { AutoTag } from '../../shared/domain/roster';

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

/** Green for the groups worth most, orange for spam, grey for the dead. */
export const CLASS_COLORS: Record<GroupClass, string> = { 'high-value': 'green', general: 'blue', spam: 'orange', dead: 'default' };

/** One colour per auto tag, kept apart from each other: KOL stands out, silence is grey. */
export const TAG_COLORS: Record<AutoTag, string> = {
  kol: 'magenta',
  active: 'green',
  new: 'blue',
  'at-risk': 'volcano',
  silent: 'default',
};

export interface Option<V> {
  value: V;
  label: string;
}

/** Platforms to pick from (all of them unless the caller narrows the list). */
export const platformOptions = (t: TFunction, platforms: readonly Platform[] = PLATFORMS): Option<Platform>[] => platforms.map((p) => ({ value: p, label: t(`platform.${p}`) }));

export const groupTypeOptions = (t: TFunction): Option<GroupType>[] => GROUP_TYPES.map((g) => ({ value: g, label: t(`groupType.${g}`) }));

export const groupClassOptions = (t: TFunction): Option<GroupClass>[] => GROUP_CLASSES.map((c) => ({ value: c, label: t(`groupClass.${c}`) }));

/** Lifecycle stages to pick from (all of them unless the caller narrows the list). */
export const stageOptions = (t: TFunction, stages: readonly LifecycleStage[] = LIFECYCLE_STAGES): Option<LifecycleStage>[] => stages.map((s) => ({ value: s, label: t(`stage.${s}`) }));

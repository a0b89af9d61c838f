import { z } from 'zod';

export const PLATFORMS = ['wechat', 'wecom', 'qq', 'telegram', 'whatsapp', 'discord', 'slack', 'dingtalk', 'feishu', 'other'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

/** B = business clients (B-end, ≤100 members by norm), C = consumers (C-end). */
export const GROUP_TYPES = ['B', 'C'] as const;
export const GroupType = z.enum(GROUP_TYPES);
export type GroupType = z.infer<typeof GroupType>;

export const LIFECYCLE_STAGES = ['planning', 'activating', 'healthy', 'declining', 'dormant', 'archived', 'migrated'] as const;
export const LifecycleStage = z.enum(LIFECYCLE_STAGES);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

export const MEMBER_ROLES = ['owner', 'admin', 'member'] as const;
export const MemberRole = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof MemberRole>;

export const MESSAGE_KINDS = ['text', 'image', 'file', 'voice', 'video', 'sticker', 'link', 'system'] as const;
export const MessageKind = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKind>;

export const LOCALES = ['zh-CN', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** A group's value (handbook): high-value, general, spam (ads everywhere), dead (muted by most). */
export const GROUP_CLASSES = ['high-value', 'general', 'spam', 'dead'] as const;
export const GroupClass = z.enum(GROUP_CLASSES);
export type GroupClass = z.infer<typeof GroupClass>;

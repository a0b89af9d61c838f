import { z } from 'zod';
import type { Locale } from '../../../shared/domain/enums';
import { AppError, type ErrorCode, type FieldError } from '../../../shared/errors';

type Params = Record<string, string | number>;
type Catalog = Record<string, string>;

/** Messages the core sends to the user (errors mainly), in the user's language. */
const catalogs: Record<Locale, Catalog> = {
  'zh-CN': {
    VALIDATION: '输入有误，请检查标出的字段。',
    BAD_REQUEST: '请求格式不正确：{detail}',
    UNKNOWN_METHOD: '未知的操作“{method}”。',
    UNAUTHORIZED: '缺少或错误的访问令牌。请使用启动时打印的完整地址打开控制台。',
    FORBIDDEN: '拒绝访问：请求来源不被信任。',
    NOT_FOUND: '找不到{what}（编号 {id}）。',
    CONFLICT: '{detail}',
    DB_CORRUPT: '无法打开数据库“{path}”：文件已损坏或不是群主的数据库。文件未被改动；请从备份恢复或选择其他工作区。',
    DB_TOO_NEW: '数据库“{path}”由更新版本的群主创建（结构版本 {found}，本版本最高支持 {supported}）。文件未被改动；请升级群主后再打开。',
    DB_OPEN_FAILED: '无法打开数据库“{path}”：{detail}',
    WORKSPACE_FIXED: '当前以指定数据库文件（--db）运行，不能切换或新建工作区。',
    DEMO_NEEDS_EMPTY: '示例数据只能写入空的工作区；当前工作区已有数据。',
    INTERNAL: '发生内部错误，操作未完成。详细信息已写入日志。',
    'what.group': '群',
    'what.workspace': '工作区',
    'what.message': '消息',
    'what.member': '成员',
    'what.segment': '分组筛选',
    'what.label': '标签',
    'what.field': '字段',
    'what.note': '备注',
    'roster.labelExists': '已有名为“{name}”的标签。',
    'roster.badChoice': '“{value}”不是此字段的选项（可选：{options}）。',
    'roster.builtinField': '“{key}”是内置字段，不能修改或删除。',
    'roster.segmentExists': '已有名为“{name}”的分组。',
    'roster.importNoId': '文件中没有平台 ID 列（表头可写“平台ID”、“platform_id”或“ID”）。',
    'inbox.badCursor': '分页位置无效，请刷新列表。',
    'inbox.badQuery': '搜索内容过长或无法识别。',
    'conflict.groupExternalId': '同一平台上已有外部编号为“{externalId}”的群。',
    'workspace.default': '我的工作区',
    'workspace.demo': '示例工作区',
    'tag.new': '新人',
    'tag.active': '活跃',
    'tag.silent': '潜水',
    'tag.at-risk': '流失风险',
    'tag.kol': 'KOL',
    'motive.relationship': '关系维护',
    'motive.work': '工作需要',
    'motive.social': '社交圈子',
    'motive.learning': '学习提升',
    'motive.promotion': '推广宣传',
    'motive.life': '生活情感',
    'field.city': '城市',
    'field.industry': '行业',
    'field.company': '公司',
    'field.motive': '入群动机',
    'col.platformUserId': '平台ID',
    'col.platform': '平台',
    'col.name': '昵称',
    'col.groups': '所在群数',
    'col.tags': '自动标签',
    'col.labels': '标签',
    'col.messages': '消息总数',
    'col.n7': '近7天消息',
    'col.n30': '近30天消息',
    'col.n90': '近90天消息',
    'col.days30': '近30天活跃天数',
    'col.repliesReceived': '被回复',
    'col.mentionsReceived': '被@',
    'col.answersGiven': '回答问题',
    'col.lastMessageAt': '最后发言',
    'col.firstSeenAt': '首次出现',
    'export.rosterFile': '成员名单',
  },
  en: {
    VALIDATION: 'Some fields need attention.',
    BAD_REQUEST: 'Malformed request: {detail}',
    UNKNOWN_METHOD: 'Unknown operation "{method}".',
    UNAUTHORIZED: 'Missing or wrong access token. Open the console with the full address printed at start-up.',
    FORBIDDEN: 'Access denied: the request does not come from a trusted origin.',
    NOT_FOUND: 'No {what} with id {id}.',
    CONFLICT: '{detail}',
    DB_CORRUPT: 'Cannot open the database "{path}": the file is damaged or is not a Qunzhu database. It was left unchanged; restore a backup or choose another workspace.',
    DB_TOO_NEW: 'The database "{path}" was written by a newer Qunzhu (schema {found}; this version supports up to {supported}). It was left unchanged; update Qunzhu to open it.',
    DB_OPEN_FAILED: 'Cannot open the database "{path}": {detail}',
    WORKSPACE_FIXED: 'Running on a fixed database file (--db): workspaces cannot be switched or created.',
    DEMO_NEEDS_EMPTY: 'Demo data can only be written into an empty workspace; this one already has data.',
    INTERNAL: 'Something went wrong inside Qunzhu; the operation was not completed. Details are in the log.',
    'what.group': 'group',
    'what.workspace': 'workspace',
    'what.message': 'message',
    'what.member': 'member',
    'what.segment': 'segment',
    'what.label': 'label',
    'what.field': 'field',
    'what.note': 'note',
    'roster.labelExists': 'A label named "{name}" already exists.',
    'roster.badChoice': '"{value}" is not an option of this field (options: {options}).',
    'roster.builtinField': '"{key}" is a built-in field: it cannot be changed or deleted.',
    'roster.segmentExists': 'A segment named "{name}" already exists.',
    'roster.importNoId': 'The file has no platform id column (head it "platform_id", "平台ID" or "ID").',
    'inbox.badCursor': 'The page position is not valid; refresh the list.',
    'inbox.badQuery': 'The search is too long or could not be read.',
    'conflict.groupExternalId': 'Another group on this platform already has the external id "{externalId}".',
    'workspace.default': 'My workspace',
    'workspace.demo': 'Demo workspace',
    'tag.new': 'New',
    'tag.active': 'Active',
    'tag.silent': 'Silent',
    'tag.at-risk': 'At risk',
    'tag.kol': 'KOL',
    'motive.relationship': 'Relationship maintenance',
    'motive.work': 'Work need',
    'motive.social': 'Social circle',
    'motive.learning': 'Learning',
    'motive.promotion': 'Promotion',
    'motive.life': 'Life & emotion',
    'field.city': 'City',
    'field.industry': 'Industry',
    'field.company': 'Company',
    'field.motive': 'Motive for joining',
    'col.platformUserId': 'Platform ID',
    'col.platform': 'Platform',
    'col.name': 'Name',
    'col.groups': 'Groups',
    'col.tags': 'Auto tags',
    'col.labels': 'Labels',
    'col.messages': 'Messages',
    'col.n7': 'Messages 7d',
    'col.n30': 'Messages 30d',
    'col.n90': 'Messages 90d',
    'col.days30': 'Active days 30d',
    'col.repliesReceived': 'Replies received',
    'col.mentionsReceived': 'Mentions received',
    'col.answersGiven': 'Questions answered',
    'col.lastMessageAt': 'Last message',
    'col.firstSeenAt': 'First seen',
    'export.rosterFile': 'roster',
  },
};

export function t(locale: Locale, key: string, params: Params = {}): string {
  const template = catalogs[locale][key] ?? catalogs['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

export function appError(locale: Locale, code: ErrorCode, params: Params = {}, fields?: FieldError[]): AppError {
  return new AppError(code, t(locale, code, params), fields);
}

const zodLocales = { 'zh-CN': z.locales.zhCN, en: z.locales.en } as const;

/** Validation errors for one request, each field's message in the user's language (zod's own locales). */
export function validationError(locale: Locale, error: z.ZodError): AppError {
  const map = zodLocales[locale]().localeError;
  const fields: FieldError[] = error.issues.map((issue) => {
    const localized = map(issue as never);
    const message = typeof localized === 'string' ? localized : (localized?.message ?? issue.message);
    return { path: issue.path.map(String).join('.'), message };
  });
  return new AppError('VALIDATION', t(locale, 'VALIDATION'), fields);
}

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
    'inbox.badCursor': '分页位置无效，请刷新列表。',
    'inbox.badQuery': '搜索内容过长或无法识别。',
    'conflict.groupExternalId': '同一平台上已有外部编号为“{externalId}”的群。',
    'workspace.default': '我的工作区',
    'workspace.demo': '示例工作区',
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
    'inbox.badCursor': 'The page position is not valid; refresh the list.',
    'inbox.badQuery': 'The search is too long or could not be read.',
    'conflict.groupExternalId': 'Another group on this platform already has the external id "{externalId}".',
    'workspace.default': 'My workspace',
    'workspace.demo': 'Demo workspace',
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

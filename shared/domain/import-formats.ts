import type { Locale } from './enums';

/**
 * The export formats by the names operators know them (the tool that wrote the file, and its
 * extension), for the Imports page, the history and the errors; ids stay internal.
 */
export const IMPORT_FORMAT_NAMES: Readonly<Record<string, Readonly<Record<Locale, string>>>> = {
  'qq-txt': { 'zh-CN': 'QQ 消息管理器 .txt', en: 'QQ Message Manager .txt' },
  'qce-json': { 'zh-CN': 'QQ Chat Exporter JSON', en: 'QQ Chat Exporter JSON' },
  'memotrace-csv': { 'zh-CN': '留痕 MemoTrace 微信 CSV', en: 'MemoTrace WeChat CSV' },
  'weflow-json': { 'zh-CN': 'WeFlow 微信 JSON', en: 'WeFlow WeChat JSON' },
  'telegram-json': { 'zh-CN': 'Telegram Desktop JSON', en: 'Telegram Desktop JSON' },
  'whatsapp-txt': { 'zh-CN': 'WhatsApp 聊天导出 .txt', en: 'WhatsApp chat export .txt' },
  'discord-json': { 'zh-CN': 'DiscordChatExporter JSON', en: 'DiscordChatExporter JSON' },
  'slack-zip': { 'zh-CN': 'Slack 工作区导出 .zip', en: 'Slack workspace export .zip' },
  'chatlab-json': { 'zh-CN': 'ChatLab JSON', en: 'ChatLab JSON' },
  'chatlab-jsonl': { 'zh-CN': 'ChatLab JSONL', en: 'ChatLab JSONL' },
  'generic-csv': { 'zh-CN': '表格 CSV（自选列）', en: 'Spreadsheet CSV (columns you choose)' },
  'generic-xlsx': { 'zh-CN': '表格 Excel（自选列）', en: 'Spreadsheet Excel (columns you choose)' },
};

/** The name users know a format by; an unknown id is shown as it is. */
export function importFormatName(id: string, locale: Locale): string {
  return IMPORT_FORMAT_NAMES[id]?.[locale] ?? id;
}

/** Detection across formats: every fixture goes to its own importer, zips by what they hold. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../electron/core/importers/registry';
import { ImportError } from '../../../../electron/core/importers/types';
import { FIXTURES, tempFolder } from '../../../helpers/importers';
import { entriesFromFolder, writeZip } from '../../../helpers/zip-writer';

const t = tempFolder();

describe('detectFormat', () => {
  it.each([
    ['telegram/single-chat-current-entities-service.json', 'telegram-json'],
    ['discord/guild-channel-reply-mentions-attachments.json', 'discord-json'],
    ['qce/group-mentions-reply-media.json', 'qce-json'],
    ['whatsapp/chinese-xiawu-12h.txt', 'whatsapp-txt'],
    ['qq/many-chats-one-file.txt', 'qq-txt'],
    ['wechat/memotrace-two-chats.csv', 'memotrace-csv'],
    ['chatlab/group.jsonl', 'chatlab-jsonl'],
    ['generic/mapped-chinese-headers.csv', 'generic-csv'],
  ])('%s → %s', async (file, format) => {
    expect((await detectFormat(path.join(FIXTURES, file))).importer.format).toBe(format);
  });

  it('tells zips apart by their entries: a WhatsApp chat and a Slack workspace', async () => {
    const wa = writeZip(path.join(t.dir, 'WhatsApp Chat.zip'), entriesFromFolder(path.join(FIXTURES, 'whatsapp', 'chat-in-zip')));
    expect((await detectFormat(wa)).importer.format).toBe('whatsapp-txt');
    const slack = writeZip(path.join(t.dir, 'export.zip'), entriesFromFolder(path.join(FIXTURES, 'slack', 'workspace')));
    expect((await detectFormat(slack)).importer.format).toBe('slack-zip');
  });

  it('refuses a file that is no chat export, naming it', async () => {
    const file = t.write('notes.txt', '这只是一份普通的笔记，不是聊天记录。\n第二行。\n');
    const e = await detectFormat(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).reason).toBe('unsupported');
    expect((e as ImportError).file).toBe('notes.txt');
  });
});

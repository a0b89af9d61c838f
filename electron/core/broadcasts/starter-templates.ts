/**
 * The starter templates that ship with Qunzhu (read-only, in the user's language): the three daily
 * columns of the handbook (早报 ~08:30, 话题 ~14:00, 案例 ~20:00), an event notice, and the welcome
 * with the group rules a new group starts with. Written by us, short, filled per group through
 * variables. Markdown, so robots show the bold lines; manual groups get the same as plain text.
 */
import type { Locale } from '../../../shared/domain/enums';

export interface StarterTemplate {
  slug: string;
  /** The column's usual time of day, for the three daily columns. */
  time: string | null;
  text: Record<Locale, { name: string; title: string; body: string }>;
}

export const STARTER_TEMPLATES: readonly StarterTemplate[] = [
  {
    slug: 'morning-brief',
    time: '08:30',
    text: {
      'zh-CN': {
        name: '早报',
        title: '早报 · {{date}}',
        body: '早上好，{{group.name}} 的朋友们！\n\n**今日好文**\n- 标题：一句话推荐理由（附链接）\n\n**今日预告**：14:00 话题互动，欢迎带着问题来。',
      },
      en: {
        name: 'Morning brief',
        title: 'Morning brief · {{date}}',
        body: 'Good morning, {{group.name}}!\n\n**Today’s read**\n- Title: one line on why it is worth it (with the link)\n\n**Coming up**: today’s topic at 14:00; bring your questions.',
      },
    },
  },
  {
    slug: 'topic',
    time: '14:00',
    text: {
      'zh-CN': {
        name: '话题互动',
        title: '今日话题',
        body: '最近一次让你**眼前一亮**的做法是什么？\n\n在群里说说你的经历，{{group.owner}} 会挑三个最有代表性的回答，晚上一起拆解。',
      },
      en: {
        name: 'Topic of the day',
        title: 'Topic of the day',
        body: 'What is the last idea that **really worked** for you?\n\nTell the group your story; {{group.owner}} will pick three answers to take apart tonight.',
      },
    },
  },
  {
    slug: 'case',
    time: '20:00',
    text: {
      'zh-CN': {
        name: '案例分享',
        title: '今晚案例 · {{date}}',
        body: '- **背景**：\n- **做法**：\n- **结果**：\n\n如果是你，会怎么做？欢迎在 {{group.name}} 里聊聊。',
      },
      en: {
        name: 'Case share',
        title: 'Tonight’s case · {{date}}',
        body: '- **Background**:\n- **What they did**:\n- **Result**:\n\nWhat would you have done? Share it in {{group.name}}.',
      },
    },
  },
  {
    slug: 'event',
    time: null,
    text: {
      'zh-CN': {
        name: '活动通知',
        title: '活动通知',
        body: '- **主题**：\n- **时间**：\n- **地点**：{{group.city}}\n- **报名**：回复“报名”或私信 {{group.owner}}\n\n名额有限，{{group.name}} 的朋友优先。',
      },
      en: {
        name: 'Event notice',
        title: 'Event notice',
        body: '- **Theme**:\n- **When**:\n- **Where**: {{group.city}}\n- **Sign up**: reply "join" or message {{group.owner}}\n\nSeats are limited; members of {{group.name}} come first.',
      },
    },
  },
  {
    slug: 'welcome',
    time: null,
    text: {
      'zh-CN': {
        name: '新群欢迎+群规',
        title: '欢迎加入 {{group.name}}',
        body: '我是群主 {{group.owner}}，很高兴认识你！\n\n进群三件事：\n1. 改群昵称：城市-公司-姓名\n2. 发一段自我介绍：你是谁、做什么、想在这里收获什么\n3. 读一遍群规\n\n**群规**\n1. 禁止广告、二维码和拉人\n2. 讨论与本群主题相关的话题\n3. 友善交流，有问题找 {{group.owner}}',
      },
      en: {
        name: 'Welcome + rules',
        title: 'Welcome to {{group.name}}',
        body: 'I am {{group.owner}}, who runs this group: glad you are here!\n\nThree things to do first:\n1. Set your nickname: city - company - name\n2. Introduce yourself: who you are, what you do, what you hope to find here\n3. Read the rules\n\n**Rules**\n1. No ads, QR codes or recruiting\n2. Stay on the group’s topic\n3. Be kind; questions go to {{group.owner}}',
      },
    },
  },
];

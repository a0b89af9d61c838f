/** Markdown as the plain text WeChat, QQ and WeCom customer groups show, and as a Feishu post's lines. */
import { describe, expect, it } from 'vitest';
import { markdownToPlain } from '../../../../electron/core/channels/markdown-plain';

describe('markdown to plain text', () => {
  it('drops heading, quote, bold, italic, strike and code markers and keeps list markers', () => {
    const md = ['## 本周直播', '> 提醒：**周四 20:00**', '- 主题：*社群拉新*', '* 嘉宾：~~待定~~ 王芳', '1. 带上 `问题清单`', '<font color="info">名额有限</font>'].join('\n');
    expect(markdownToPlain(md)).toBe(['本周直播', '提醒：周四 20:00', '- 主题：社群拉新', '* 嘉宾：待定 王芳', '1. 带上 问题清单', '名额有限'].join('\n'));
  });

  it('turns [label](url) into "label url", and a link whose label is its address into the address', () => {
    expect(markdownToPlain('报名：[腾讯会议](https://meeting.tencent.com/dm/abc?x=1) 截止周五')).toBe('报名：腾讯会议 https://meeting.tencent.com/dm/abc?x=1 截止周五');
    expect(markdownToPlain('[https://a.cn](https://a.cn)')).toBe('https://a.cn');
    expect(markdownToPlain('![海报](https://img.cn/p.png)')).toBe('海报 https://img.cn/p.png');
  });

  it('leaves addresses and escaped characters exactly as written', () => {
    expect(markdownToPlain('文档 https://x.cn/__init__/a*b*c 见上')).toBe('文档 https://x.cn/__init__/a*b*c 见上');
    expect(markdownToPlain('[代码](https://x.cn/a_b__c__d)')).toBe('代码 https://x.cn/a_b__c__d');
    expect(markdownToPlain('\\*不是斜体\\* 和 \\# 不是标题')).toBe('*不是斜体* 和 # 不是标题');
  });

  it('drops an emphasis left empty (a variable without a value) but keeps a line of stars', () => {
    expect(markdownToPlain('- 讲师：****\n****')).toBe('- 讲师：\n****');
  });

  it('keeps plain text unchanged, line by line, empty lines included', () => {
    const text = '今晚 8 点直播\n\n3 * 4 = 12，snake_case 不变\n价格 5*6 元';
    expect(markdownToPlain(text)).toBe(text);
  });

  it('for a Feishu post keeps http(s) links as [label](url) and makes every other link text', () => {
    expect(markdownToPlain('**报名**：[表单](https://f.cn/x) 或 [x](javascript:alert(1))', { keepLinks: true })).toBe('报名：[表单](https://f.cn/x) 或 x javascript:alert(1)');
    expect(markdownToPlain('[**加粗**的链接](https://f.cn)', { keepLinks: true })).toBe('[加粗的链接](https://f.cn)');
  });
});

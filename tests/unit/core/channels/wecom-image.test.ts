/**
 * Pictures through the robots: WeCom's image message against the loopback receiver, which decodes
 * it on its own (strict base64, md5 of the bytes before base64, JPG/PNG, ≤ 2 MB); DingTalk and
 * Feishu custom robots cannot post a local picture at all.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { createDingtalkRobot } from '../../../../electron/core/channels/dingtalk-robot';
import { createFeishuRobot } from '../../../../electron/core/channels/feishu-robot';
import { ROBOT_PREVIEW } from '../../../../electron/core/channels/index';
import { createWecomRobot, WECOM_IMAGE_MAX_BYTES, wecomImageBody } from '../../../../electron/core/channels/wecom-robot';
import { checkWecomImage, loopbackPerTest, REPLIES } from '../../../helpers/loopback-robot';
import { JPEG_HEAD, solidPng } from '../../../helpers/png';

const KEY = 'c3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b';
const clock = { now: () => Date.parse('2026-11-10T12:00:00Z') };
const loop = loopbackPerTest(() => ({ wecom: [{ key: KEY }] }), () => clock);
const wecom = () => createWecomRobot({ key: KEY }, { baseUrl: loop.robot.baseUrl, clock });

function post(body: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${loop.robot.baseUrl}/cgi-bin/webhook/send?key=${KEY}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let s = '';
      res.on('data', (c: Buffer) => (s += c.toString()));
      res.on('end', () => resolve(JSON.parse(s)));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('WeCom robot pictures', () => {
  it('posts {"msgtype":"image","image":{"base64","md5"}} that the receiver decodes to the same bytes', async () => {
    const png = solidPng(20, 10, [10, 200, 90]);
    expect(wecom().capabilities.images).toBe(true);
    expect(await wecom().sendImage!({ bytes: png, mime: 'image/png' })).toEqual({ status: 'sent' });
    const got = loop.robot.received[0]!;
    expect(got.rawUrl).toBe(`/cgi-bin/webhook/send?key=${KEY}`);
    expect(Object.keys(got.body as object)).toEqual(['msgtype', 'image']);
    expect(got.image!.bytes.equals(png)).toBe(true);
    expect(got.answer).toBe(JSON.stringify(REPLIES.wecomOk));
    // md5 of the bytes before base64, in lowercase hex; base64 of the bytes themselves.
    const jpeg = JSON.parse(wecomImageBody({ bytes: JPEG_HEAD })) as { image: { base64: string; md5: string } };
    expect(jpeg.image).toEqual({ base64: JPEG_HEAD.toString('base64'), md5: crypto.createHash('md5').update(JPEG_HEAD).digest('hex') });
  });

  it('refuses a picture over 2 MB or of another type without asking WeCom', async () => {
    const big = solidPng(4, 4, [1, 2, 3], WECOM_IMAGE_MAX_BYTES + 1);
    expect(await wecom().sendImage!({ bytes: big, mime: 'image/png' })).toMatchObject({ status: 'failed', reason: { code: 'too_long' } });
    expect(await wecom().sendImage!({ bytes: Buffer.from('GIF89a'), mime: 'image/gif' as 'image/png' })).toMatchObject({ status: 'failed', reason: { code: 'invalid_message' } });
    expect(loop.robot.received).toHaveLength(0);
  });

  it('the receiver refuses an image message whose md5 does not match, whose base64 is broken, or that is not a picture', async () => {
    const png = solidPng(3, 3);
    const good = JSON.parse(wecomImageBody({ bytes: png })) as { image: { base64: string; md5: string } };
    expect(checkWecomImage(good.image)).not.toBeNull();
    expect(checkWecomImage({ ...good.image, md5: '0'.repeat(32) })).toBeNull();
    expect(checkWecomImage({ ...good.image, base64: `${good.image.base64.slice(0, -4)}@@@@` })).toBeNull();
    const text = Buffer.from('not a picture at all');
    expect(checkWecomImage({ base64: text.toString('base64'), md5: JSON.parse(wecomImageBody({ bytes: text })).image.md5 })).toBeNull();
    expect(await post({ msgtype: 'image', image: { ...good.image, md5: 'ffff' } })).toEqual(REPLIES.wecomBadImage);
    expect(await post(JSON.parse(wecomImageBody({ bytes: png })))).toEqual(REPLIES.wecomOk);
    // And the robot reads the refusal as a permanent failure of that message.
    loop.robot.script.push({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(REPLIES.wecomBadImage) });
    expect(await wecom().sendImage!({ bytes: png, mime: 'image/png' })).toMatchObject({ status: 'failed', permanent: true, code: 40009 });
  });

  it('DingTalk and Feishu custom robots cannot post a local picture', () => {
    const ding = createDingtalkRobot({ accessToken: 'tok000001', secret: 'SEC0000000000000000000000000000' }, { baseUrl: 'http://127.0.0.1:9' });
    const lark = createFeishuRobot({ token: 'tok000002' }, { baseUrl: 'http://127.0.0.1:9' });
    for (const c of [ding, lark]) {
      expect(c.capabilities.images).toBe(false);
      expect(c.sendImage).toBeUndefined();
    }
    expect([ROBOT_PREVIEW.wecom.images, ROBOT_PREVIEW.dingtalk.images, ROBOT_PREVIEW.feishu.images]).toEqual([true, false, false]);
  });
});

/**
 * A robot's webhook address as pasted (#17 item 7): whatever the text, adding the robot either
 * works or fails with a field error on the webhook in the user's language, never INTERNAL.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { Vault } from '../../../../electron/core/secrets';
import { addRobot, credentialFrom, type RobotsDeps } from '../../../../electron/core/connections/robots.service';
import { AppError } from '../../../../shared/errors';
import type { Locale } from '../../../../shared/domain/enums';
import { tmpDir } from '../../../helpers/tmp';
import { thrownAppError } from '../../../helpers/errors';

const SECRET = `SEC${'a1'.repeat(32)}`;
const ADDRESS = {
  feishu: (v: string) => `https://open.feishu.cn/open-apis/bot/v2/hook/${v}`,
  wecom: (v: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${v}`,
  dingtalk: (v: string) => `https://oapi.dingtalk.com/robot/send?access_token=${v}`,
} as const;
const PLATFORMS = Object.keys(ADDRESS) as (keyof typeof ADDRESS)[];

let t: ReturnType<typeof tmpDir>;
let db: Db;
beforeEach(() => {
  t = tmpDir();
  const file = path.join(t.dir, 'ws.db');
  db = openDatabase(file);
  migrate(db);
});
afterEach(() => {
  db.close();
  t.cleanup();
});

const deps = (locale: Locale): RobotsDeps => ({ db, locale, now: () => Date.parse('2026-11-23T08:00:00Z'), vault: Vault.beside(path.join(t.dir, 'ws.db')) });
const add = (locale: Locale, platform: keyof typeof ADDRESS, webhook: string) => () => addRobot(deps(locale), { name: '通知', platform, groupId: null, credentials: { webhook, secret: SECRET } });

const fieldError = thrownAppError;

describe('robot webhook addresses', () => {
  it('a bad %-escape is a field error on the webhook in the user’s language, for every kind of robot', () => {
    for (const platform of PLATFORMS) {
      for (const bad of ['x%E0%A4%A', 'x%', 'x%ZZ', '%C0%AF', 'ab%ED%A0%80cd']) {
        const zh = fieldError(add('zh-CN', platform, ADDRESS[platform](bad)));
        expect(zh.code, `${platform} ${bad}`).toBe('VALIDATION');
        expect(zh.fields).toEqual([{ path: 'credentials.webhook', message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
        const en = fieldError(add('en', platform, ADDRESS[platform](bad)));
        expect(en.code).toBe('VALIDATION');
        expect(en.fields).toEqual([{ path: 'credentials.webhook', message: expect.stringMatching(/^[\x20-\x7e]+$/) }]);
        // The value pasted is never echoed.
        expect(JSON.stringify(zh.toDto()) + JSON.stringify(en.toDto())).not.toContain(bad);
      }
    }
    // The one from the report, word for word.
    const e = fieldError(add('zh-CN', 'feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/x%E0%A4%A'));
    expect(e.fields?.[0]?.message).toContain('%');
  });

  it('never throws anything but a field error, whatever is pasted', () => {
    const noise = fc.string({ unit: fc.oneof(fc.constantFrom('%', '%E0', '%A4', '%2F', '/', '?', '#', '&', '=', 'key=', 'access_token=', '/hook/', 'https://', '[', ']', '@', ':', ' ', '\u0000'), fc.string({ maxLength: 3 })), maxLength: 20 });
    fc.assert(
      fc.property(fc.constantFrom(...PLATFORMS), noise, fc.boolean(), (platform, tail, whole) => {
        const webhook = whole ? ADDRESS[platform](tail) : `https://${tail}`;
        if (!webhook.trim()) return;
        try {
          add('zh-CN', platform, webhook)();
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('VALIDATION');
          expect((e as AppError).fields?.[0]?.path).toMatch(/^credentials\.(webhook|secret)$/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('still reads the key or token out of a good address, %-escapes included', () => {
    expect(credentialFrom('feishu', ADDRESS.feishu('3d2c-1b0a'))).toBe('3d2c-1b0a');
    expect(credentialFrom('feishu', ADDRESS.feishu('3d2c%2D1b0a'))).toBe('3d2c-1b0a');
    expect(credentialFrom('feishu', ADDRESS.feishu('x%E0%A4%A'))).toBeNull();
    expect(credentialFrom('wecom', ADDRESS.wecom('abc-123'))).toBe('abc-123');
    expect(credentialFrom('dingtalk', ADDRESS.dingtalk('t0k'))).toBe('t0k');
    const added = add('zh-CN', 'feishu', ADDRESS.feishu('3d2c1b0a9f8e'))();
    expect(added).toMatchObject({ platform: 'feishu', masked: expect.stringContaining('***') });
  });
});

/** The workspace vault and the app's safeStorage protector, with a stand-in for Electron's safeStorage. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileProtector, SecretsLockedError, Vault } from '../../../electron/core/secrets';
import { credentialFrom } from '../../../electron/core/connections/robots.service';
import { safeStorageProtector } from '../../../electron/shell/key-protector';
import { tmpDir } from '../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
let file: string;
beforeEach(() => {
  t = tmpDir();
  file = path.join(t.dir, 'secrets.key');
});
afterEach(() => t.cleanup());

/** safeStorage's shape: a reversible seal that only "this user" can open (here: a fixed XOR). */
const fakeSafeStorage = (backend = 'gnome_libsecret', available = true) => {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => flip(Buffer.from(`qz:${s}`, 'utf8')),
    decryptString: (b: Buffer) => {
      const s = flip(b).toString('utf8');
      if (!s.startsWith('qz:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return s.slice(3);
    },
    getSelectedStorageBackend: () => backend,
  };
};

describe('the workspace vault', () => {
  it('seals and opens secrets with a key created on first use in a 0600 file; another vault on the same file opens them', () => {
    const v = new Vault(file);
    expect(v.status()).toEqual({ backend: 'file', locked: false });
    expect(fs.existsSync(file)).toBe(false);
    const sealed = v.encrypt('SECabc的密钥');
    expect(sealed.includes(Buffer.from('SECabc'))).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(new Vault(file).decrypt(sealed)).toBe('SECabc的密钥');
    // Two seals of the same text differ (fresh IV each time).
    expect(v.encrypt('x').equals(v.encrypt('x'))).toBe(false);
  });

  it('refuses a tampered secret and a key from another workspace', () => {
    const v = new Vault(file);
    const sealed = v.encrypt('token');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => v.decrypt(tampered)).toThrow();
    const other = new Vault(path.join(t.dir, 'other', 'secrets.key'));
    other.encrypt('make a key');
    expect(() => other.decrypt(sealed)).toThrow();
  });

  it('narrows a key file someone made readable to others', () => {
    if (process.platform === 'win32') return;
    const sealed = new Vault(file).encrypt('x');
    fs.chmodSync(file, 0o644);
    expect(new Vault(file).decrypt(sealed)).toBe('x');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('in the app, the key file is sealed by the keychain; outside it, that file is locked', () => {
    const app = new Vault(file, safeStorageProtector(fakeSafeStorage(), 'linux'));
    const sealed = app.encrypt('wecom-key');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).kind).toBe('os');
    expect(new Vault(file, safeStorageProtector(fakeSafeStorage(), 'linux')).decrypt(sealed)).toBe('wecom-key');
    const browser = new Vault(file, fileProtector);
    expect(browser.status()).toEqual({ backend: 'os', locked: true });
    expect(() => browser.decrypt(sealed)).toThrow(SecretsLockedError);
  });

  it('reports Linux’s plain-text fallback so the UI can warn, and opens key files written by browser mode', () => {
    expect(safeStorageProtector(fakeSafeStorage('basic_text'), 'linux').kind).toBe('os-plaintext');
    expect(safeStorageProtector(fakeSafeStorage('basic_text'), 'darwin').kind).toBe('os');
    expect(safeStorageProtector(fakeSafeStorage('gnome_libsecret', false), 'linux').kind).toBe('file');
    const sealed = new Vault(file).encrypt('from the browser');
    expect(new Vault(file, safeStorageProtector(fakeSafeStorage(), 'linux')).decrypt(sealed)).toBe('from the browser');
  });
});

describe('credentials from a pasted webhook address', () => {
  it('takes the key or token out of each platform’s address, or the bare value', () => {
    expect(credentialFrom('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123')).toBe('abc-123');
    expect(credentialFrom('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=t0k')).toBe('t0k');
    expect(credentialFrom('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/3d2c-1b0a')).toBe('3d2c-1b0a');
    expect(credentialFrom('feishu', ' 3d2c-1b0a ')).toBe('3d2c-1b0a');
    expect(credentialFrom('wecom', 'https://open.feishu.cn/open-apis/bot/v2/hook/x')).toBeNull();
    expect(credentialFrom('dingtalk', 'https://oapi.dingtalk.com/robot/send')).toBeNull();
  });
});

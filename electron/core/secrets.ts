/**
 * Robot keys and signing secrets at rest. Each workspace has one random data key in a 0600 file
 * beside its database (`secrets.key`); secrets are stored in the database sealed with it
 * (AES-256-GCM), so a copied or exported database alone reveals nothing.
 *
 * How the data key itself is kept depends on who runs the core: the desktop app seals it with
 * Electron's safeStorage (the OS keychain; on Linux without a keyring Electron falls back to a
 * plain-text backend, which we report so the UI can warn), browser mode and the CLI keep it raw in
 * the 0600 file. A key sealed by the app cannot be opened outside it: that is reported as locked,
 * with what to do, never guessed around.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Seals the data key in its file: the OS keychain in the app, nothing (0600 file) elsewhere. */
export interface KeyProtector {
  /** 'os' (keychain), 'os-plaintext' (Electron's Linux basic_text fallback), 'file' (0600 file only). */
  readonly kind: 'os' | 'os-plaintext' | 'file';
  seal(key: Buffer): string;
  /** Null when this protector cannot open what another one sealed. */
  unseal(sealed: string, sealedBy: KeyProtector['kind']): Buffer | null;
}

export const fileProtector: KeyProtector = {
  kind: 'file',
  seal: (key) => key.toString('base64'),
  unseal: (sealed, by) => (by === 'file' ? Buffer.from(sealed, 'base64') : null),
};

export interface VaultStatus {
  /** Where the data key is protected. */
  backend: KeyProtector['kind'];
  /** The key file exists but was sealed by the desktop app's keychain: secrets cannot be read here. */
  locked: boolean;
}

export class SecretsLockedError extends Error {
  constructor() {
    super('secrets sealed by the desktop app');
  }
}

interface KeyFile {
  v: 1;
  kind: KeyProtector['kind'];
  key: string;
}

const VERSION = 1;
const AAD = Buffer.from('qunzhu-secret-v1');

export class Vault {
  private key: Buffer | null = null;

  constructor(
    private readonly file: string,
    private readonly protector: KeyProtector = fileProtector,
  ) {}

  static beside(dbPath: string, protector?: KeyProtector): Vault {
    return new Vault(path.join(path.dirname(path.resolve(dbPath)), 'secrets.key'), protector);
  }

  status(): VaultStatus {
    const f = this.readFile();
    if (!f) return { backend: this.protector.kind, locked: false };
    return { backend: f.kind, locked: this.protector.unseal(f.key, f.kind) === null };
  }

  /** Sealed bytes: version, 12-byte IV, 16-byte tag, ciphertext. */
  encrypt(plain: string): Buffer {
    const key = this.dataKey(true);
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(AAD);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    const key = this.dataKey(false);
    if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('not a sealed secret');
    const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    d.setAAD(AAD);
    d.setAuthTag(sealed.subarray(13, 29));
    return Buffer.concat([d.update(sealed.subarray(29)), d.final()]).toString('utf8');
  }

  private readFile(): KeyFile | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const f = JSON.parse(text) as KeyFile;
    if (f.v !== 1 || typeof f.key !== 'string' || !['os', 'os-plaintext', 'file'].includes(f.kind)) throw new Error(`${path.basename(this.file)} is not a key file`);
    return f;
  }

  private dataKey(create: boolean): Buffer {
    if (this.key) return this.key;
    const f = this.readFile();
    if (f) {
      const key = this.protector.unseal(f.key, f.kind);
      if (!key) throw new SecretsLockedError();
      if (key.length !== 32) throw new Error(`${path.basename(this.file)} holds a key of the wrong size`);
      // Someone widened the file's mode: narrow it again (POSIX only; Windows has no mode bits).
      if (process.platform !== 'win32' && (fs.statSync(this.file).mode & 0o077) !== 0) fs.chmodSync(this.file, 0o600);
      return (this.key = key);
    }
    if (!create) throw new Error('no secrets stored in this workspace');
    const key = crypto.randomBytes(32);
    const body: KeyFile = { v: 1, kind: this.protector.kind, key: this.protector.seal(key) };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // 'wx': never overwrite a key another process just wrote; read theirs instead.
    try {
      fs.writeFileSync(this.file, JSON.stringify(body), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return this.dataKey(false);
      throw e;
    }
    return (this.key = key);
  }
}

/**
 * The desktop app keeps each workspace's data key sealed by the OS keychain through Electron's
 * safeStorage. On Linux without a keyring, Electron falls back to a fixed plain-text key
 * ('basic_text'): still sealed, but not protected, so the kind says so and the Connections page
 * warns. Key files written by browser mode or the CLI ('file') open here too.
 */
import type { SafeStorage } from 'electron';
import { fileProtector, type KeyProtector } from '../core/secrets';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string };

export function safeStorageProtector(ss: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeyProtector {
  // Before the app is ready, or with no backend at all, the 0600 file is all there is.
  if (!ss.isEncryptionAvailable()) return fileProtector;
  const plaintext = platform === 'linux' && ss.getSelectedStorageBackend?.() === 'basic_text';
  return {
    kind: plaintext ? 'os-plaintext' : 'os',
    seal: (key) => ss.encryptString(key.toString('base64')).toString('base64'),
    unseal(sealed, by) {
      if (by === 'file') return fileProtector.unseal(sealed, by);
      try {
        return Buffer.from(ss.decryptString(Buffer.from(sealed, 'base64')), 'base64');
      } catch {
        // Sealed by another user's keychain or another machine: locked, not an error to crash on.
        return null;
      }
    },
  };
}

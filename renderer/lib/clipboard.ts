import { saveBlob } from './api/client';

/**
 * Writes text to the clipboard. The async Clipboard API needs a secure context and focus; the
 * loopback bridge and app:// usually qualify, and where they do not, a hidden textarea and
 * execCommand('copy') still work inside the click that asked for it.
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    // fall through to the older way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } finally {
    area.remove();
  }
}

/** A picture's data: URL (from the core: PNG or JPEG, base64) as a Blob; anything else is refused. */
export function dataUrlToBlob(url: string): Blob {
  const m = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/]+={0,2})$/.exec(url);
  if (!m) throw new Error('not a PNG or JPEG data URL');
  const bin = atob(m[2]!);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: m[1]! });
}

/** Clipboards take pictures as PNG: a JPEG is redrawn as one. */
async function asPng(blob: Blob): Promise<Blob> {
  if (blob.type === 'image/png') return blob;
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('could not encode PNG'))), 'image/png'));
}

/**
 * Puts a picture on the clipboard as image/png (navigator.clipboard.write with a ClipboardItem).
 * The item is made at once, inside the click, with the picture still loading (browsers that want
 * a user gesture accept a promise there). Where the clipboard refuses, the picture is saved as a
 * file instead: 'saved'.
 */
export async function copyImage(load: () => Promise<Blob>, fileName: string): Promise<'copied' | 'saved'> {
  const blob = load();
  try {
    if (navigator.clipboard?.write && typeof ClipboardItem !== 'undefined' && window.isSecureContext) {
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob.then(asPng) })]);
      return 'copied';
    }
  } catch {
    // fall through to saving the file
  }
  const b = await blob;
  saveBlob(b, fileName.replace(/\.(png|jpe?g)$/i, '') + (b.type === 'image/jpeg' ? '.jpg' : '.png'));
  return 'saved';
}

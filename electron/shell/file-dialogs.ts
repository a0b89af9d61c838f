/**
 * The app's own file dialogs start in the folders last used: exports are saved where the user
 * saved the last one, and the import picker opens where the last import came from.
 */
import path from 'node:path';
import type { SettingsStore } from '../core/settings';

/** What rememberExportFolder needs of Electron's DownloadItem. */
export interface DownloadLike {
  getFilename(): string;
  getSavePath(): string;
  setSaveDialogOptions(options: { defaultPath?: string }): void;
  once(event: 'done', listener: (e: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): unknown;
}

/** For session 'will-download': the save dialog opens in the last export folder, and a completed save moves it. */
export function rememberExportFolder(item: DownloadLike, settings: SettingsStore, fallbackDir: string): void {
  const dir = settings.get().lastExportDir ?? fallbackDir;
  item.setSaveDialogOptions({ defaultPath: path.join(dir, item.getFilename()) });
  item.once('done', (_e, state) => {
    const saved = item.getSavePath();
    if (state === 'completed' && saved) settings.update({ lastExportDir: path.dirname(saved) });
  });
}

export interface OpenDialogLike {
  showOpenDialog(options: { title: string; defaultPath?: string; properties: 'openFile'[]; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** The extensions of the chat exports the importers read (anything else can still be picked). */
export const IMPORT_EXTENSIONS = ['json', 'txt', 'zip', 'csv', 'xlsx'];

/** The import picker: opens in the last import folder; a picked file's folder becomes the next one. */
export async function pickImportFile(dialog: OpenDialogLike, settings: SettingsStore, words: { title: string; exports: string; all: string }, fallbackDir: string): Promise<string | null> {
  const r = await dialog.showOpenDialog({
    title: words.title,
    defaultPath: settings.get().lastImportDir ?? fallbackDir,
    properties: ['openFile'],
    filters: [
      { name: words.exports, extensions: IMPORT_EXTENSIONS },
      { name: words.all, extensions: ['*'] },
    ],
  });
  const file = r.canceled ? undefined : r.filePaths[0];
  if (!file) return null;
  settings.update({ lastImportDir: path.dirname(file) });
  return file;
}

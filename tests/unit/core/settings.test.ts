/** App settings through conf (browser mode, CLI): one schema, atomic private writes, a damaged file set aside. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confSettings, memorySettings, SETTINGS_FILE } from '../../../electron/core/settings';
import { tmpDir } from '../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => (t = tmpDir('qunzhu-settings-')));
afterEach(() => t.cleanup());
const dirOf = () => t.dir;
const file = () => path.join(dirOf(), SETTINGS_FILE);

describe('settings in browser mode and the CLI (conf)', () => {
  it('starts from the defaults, writes a private file, and reads it back in the next process', () => {
    const s = confSettings(dirOf());
    expect(s.get()).toEqual({ locale: 'zh-CN' });
    expect(s.recovered).toBeNull();
    s.update({ locale: 'en', currentWorkspace: 'shop', lastImportDir: '/home/u/导出', window: { width: 1200, height: 800, x: 10, y: 20, maximized: false } });
    if (process.platform !== 'win32') expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    const again = confSettings(dirOf());
    expect(again.get()).toEqual({ locale: 'en', currentWorkspace: 'shop', lastImportDir: '/home/u/导出', window: { width: 1200, height: 800, x: 10, y: 20, maximized: false } });
  });

  it('reads the file the earlier hand-written store made', () => {
    fs.writeFileSync(file(), JSON.stringify({ locale: 'en', currentWorkspace: 'default' }, null, 2));
    expect(confSettings(dirOf()).get()).toEqual({ locale: 'en', currentWorkspace: 'default' });
  });

  it('removes a key set to undefined', () => {
    const s = confSettings(dirOf());
    s.update({ lastExportDir: '/tmp/out' });
    s.update({ lastExportDir: undefined });
    expect(confSettings(dirOf()).get()).toEqual({ locale: 'zh-CN' });
  });

  it('refuses a value outside the schema and keeps the file as it was', () => {
    const s = confSettings(dirOf());
    s.update({ locale: 'en' });
    const before = fs.readFileSync(file(), 'utf8');
    expect(() => s.update({ locale: 'fr' as never })).toThrow(/locale/);
    expect(() => s.update({ window: { width: 'big', height: 800, maximized: false } as never })).toThrow(/width/);
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(s.get().locale).toBe('en');
  });

  it.each([
    ['broken JSON', '{"locale": "en",'],
    ['a value the schema refuses', JSON.stringify({ locale: 'klingon' })],
    ['a window of the wrong shape', JSON.stringify({ locale: 'en', window: { width: -5 } })],
  ])('sets a damaged file aside (%s), keeps its bytes, and starts from the defaults', (_what, text) => {
    fs.writeFileSync(file(), text);
    const s = confSettings(dirOf(), () => Date.parse('2026-12-07T10:30:00'));
    expect(s.get()).toEqual({ locale: 'zh-CN' });
    expect(s.recovered?.setAside).toBe(`${file()}.damaged-20261207-1030`);
    expect(fs.readFileSync(s.recovered!.setAside, 'utf8')).toBe(text);
    s.update({ locale: 'en' });
    expect(confSettings(dirOf()).get().locale).toBe('en');
  });
});

describe('memory settings (tests)', () => {
  it('merges patches and drops undefined keys', () => {
    const s = memorySettings({ currentWorkspace: 'a' });
    s.update({ locale: 'en', currentWorkspace: undefined });
    expect(s.get()).toEqual({ locale: 'en' });
  });
});

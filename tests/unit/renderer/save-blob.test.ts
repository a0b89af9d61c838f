/**
 * Pictures and files saved from the page (a report picture is named after its group) get the
 * same file-name rule as the core's exports (#17 item 6): the browser's save dialog never sees a
 * right-to-left override or an invisible character.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveBlob } from '../../../renderer/lib/api/client';

afterEach(() => vi.unstubAllGlobals());

describe('saveBlob', () => {
  it('downloads under a cleaned name', () => {
    const links: { download: string; clicked: boolean }[] = [];
    vi.stubGlobal('document', {
      createElement: () => {
        const a = { href: '', download: '', rel: '', style: {}, clicked: false, click: () => (a.clicked = true), remove: () => undefined };
        links.push(a);
        return a;
      },
      body: { appendChild: () => undefined },
    });
    saveBlob(new Blob(['png']), '家长群\u202egnp.exe\u200b-图片.png');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ download: '家长群gnp.exe-图片.png', clicked: true });
  });
});

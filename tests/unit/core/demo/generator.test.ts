import { describe, expect, it } from 'vitest';
import { generateGroupInputs, generateMessages } from '../../../../electron/core/demo/generator';
import { GroupInput } from '../../../../shared/domain/group';

const NOW = Date.parse('2026-11-23T08:00:00Z');
const collect = (seed: number) => [...generateMessages([{ id: 1, platform: 'wechat' }, { id: 2, platform: 'qq' }], { seed, members: 50, messages: 500, now: NOW, days: 30 }, 128)].flat();

describe('synthetic workspace generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(collect(7)).toEqual(collect(7));
    expect(collect(7).map((m) => m.text)).not.toEqual(collect(8).map((m) => m.text));
  });

  it('produces the requested count, in time order, inside the window, with unique keys', () => {
    const all = collect(1);
    expect(all).toHaveLength(500);
    expect(new Set(all.map((m) => m.sourceKey)).size).toBe(500);
    for (let i = 1; i < all.length; i++) expect(all[i]!.sentAt).toBeGreaterThanOrEqual(all[i - 1]!.sentAt);
    expect(all[0]!.sentAt).toBeGreaterThanOrEqual(NOW - 30 * 86_400_000);
    expect(all.at(-1)!.sentAt).toBeLessThan(NOW);
  });

  it('writes Chinese text, with some replies and mentions', () => {
    const all = collect(3);
    expect(all.filter((m) => /[\u4e00-\u9fff]/.test(m.text)).length).toBeGreaterThan(450);
    expect(all.some((m) => m.replyToKey)).toBe(true);
    expect(all.some((m) => m.mentions?.length)).toBe(true);
  });

  it('makes valid group definitions', () => {
    for (const g of generateGroupInputs(30, 5)) expect(GroupInput.safeParse(g).success).toBe(true);
  });
});

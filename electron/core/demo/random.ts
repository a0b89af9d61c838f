/** A small seeded PRNG (mulberry32): the demo and the benchmark are the same on every run. */
export interface Rng {
  next(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with a heavy head: a few items get most draws (speakers, busy groups). */
  skewed(n: number, power?: number): number;
  chance(p: number): boolean;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    skewed: (n, power = 3) => Math.min(n - 1, Math.floor(Math.pow(next(), power) * n)),
    chance: (p) => next() < p,
  };
}

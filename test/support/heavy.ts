// The reliability suite runs a modest amount of each fault in CI; RELIABILITY_HEAVY=1 runs the heavier variant
// (see RELIABILITY.md). Each figure can also be set on its own through its variable.
export const HEAVY = process.env.RELIABILITY_HEAVY === '1';

export function setting(name: string, light: number, heavy: number): number {
  const value = process.env[name];
  if (value !== undefined && value !== '') {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
    return n;
  }
  return HEAVY ? heavy : light;
}

// A small seeded generator, so a run's "random" fault moments can be replayed with the same seed.
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

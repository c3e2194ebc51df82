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

// The bench's seeded generator, so a run's "random" fault moments can be replayed with the same seed.
export { prng as seeded } from '../../bench/generate';

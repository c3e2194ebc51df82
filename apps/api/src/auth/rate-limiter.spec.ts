import { RateLimiter } from './rate-limiter';

describe('per-token rate limiting', () => {
  it('lets a token make its requests of a minute, refuses the next with the seconds to wait, and forgets at the next minute', () => {
    let now = 1_800_000_000_000; // on a minute boundary
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([undefined, undefined, undefined]);
    now += 15_000;
    expect(limiter.take('a')).toBe(45);
    expect(limiter.take('b')).toBeUndefined(); // another token has its own allowance
    now += 45_000;
    expect(limiter.take('a')).toBeUndefined();
  });

  it('does nothing when the limit is 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1_000; i++) expect(limiter.take('a')).toBeUndefined();
  });
});

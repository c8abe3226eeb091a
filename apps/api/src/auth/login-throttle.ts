import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Failed-login throttling per (email, client address). Counts only failures, so a user who types
 * the right password is never locked out by their own success; a success clears the count.
 * The counter lives in this process: with N replicas an attacker gets at most N× the budget,
 * which still bounds guessing (see docs/decisions/0004-api-dependencies.md).
 */
export interface LoginThrottle {
  /** Seconds to wait when the key is locked out, else null. */
  retryAfter(key: string): Promise<number | null>;
  recordFailure(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export function createLoginThrottle(options: { maxFailures: number; windowSeconds: number }): LoginThrottle {
  const limiter = new RateLimiterMemory({ points: options.maxFailures, duration: options.windowSeconds });
  return {
    async retryAfter(key) {
      const state = await limiter.get(key);
      if (state === null || state.consumedPoints < options.maxFailures) return null;
      return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    },
    async recordFailure(key) {
      try {
        await limiter.consume(key);
      } catch (error) {
        // Over the budget already: the limiter rejects with its state, which is what we want.
        if (!(error instanceof RateLimiterRes)) throw error;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

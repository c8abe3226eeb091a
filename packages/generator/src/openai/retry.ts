import { abortReason, type Sleep } from '../abort.js';
import type { OpenAIFailure } from './classify.js';

export interface RetryPolicy {
  /** Total calls allowed, first one included. */
  maxAttempts: number;
  /** Backoff before the 2nd call; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of the exponential backoff. */
  maxDelayMs: number;
  /** Cap of a server-requested `retry-after`, so one header cannot stall a turn for minutes. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/**
 * "Full jitter" backoff: uniformly random in [0, min(cap, base·2^(n−1))), so many replicas
 * hit by the same outage do not retry in lockstep. A server's retry-after replaces it.
 */
export function retryDelayMs(
  failedAttempts: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: () => number,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryDeps {
  sleep: Sleep;
  random: () => number;
}

/**
 * Runs `call` until it succeeds, fails for good, or runs out of attempts. Abort stops
 * everything at once, including a backoff wait, and rejects with the signal's reason.
 */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  classify: (error: unknown) => OpenAIFailure,
  policy: RetryPolicy,
  deps: RetryDeps,
  signal: AbortSignal | undefined,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    try {
      return { value: await call(attempt), attempts: attempt };
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      const failure = classify(error);
      if (failure.kind === 'aborted') {
        // The SDK saw an abort we did not ask for; surface it as a platform AbortError.
        throw new DOMException('The image request was aborted', 'AbortError');
      }
      if (failure.kind === 'final' || attempt >= policy.maxAttempts) {
        failure.error.attempts = attempt;
        throw failure.error;
      }
      await deps.sleep(retryDelayMs(attempt, failure.retryAfterMs, policy, deps.random), signal);
    }
  }
}

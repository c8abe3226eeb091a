import { APIConnectionTimeoutError, APIUserAbortError, InternalServerError, RateLimitError } from 'openai';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../errors.js';
import { classifyOpenAIError, parseRetryAfter } from './classify.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry.js';

describe('retryDelayMs', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1_000, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

  it('draws full jitter under a doubling, capped ceiling', () => {
    const nearlyOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, null, policy, nearlyOne))).toEqual([
      999, 1_999, 3_999, 7_999, 7_999, 7_999,
    ]);
    expect(retryDelayMs(3, null, policy, () => 0)).toBe(0);
    expect(retryDelayMs(2, null, policy, () => 0.25)).toBe(500);
  });

  it('uses a server retry-after instead, capped', () => {
    expect(retryDelayMs(1, 1_500, policy, () => 0.5)).toBe(1_500);
    expect(retryDelayMs(1, 3_600_000, policy, () => 0.5)).toBe(30_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1234', 'retry-after': '9' }))).toBe(1234);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }))).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now)).toBe(0);
  });

  it('returns null when absent or unreadable', () => {
    expect(parseRetryAfter(new Headers())).toBeNull();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe('classifyOpenAIError', () => {
  it('classifies SDK errors by what a retry can fix', () => {
    expect(classifyOpenAIError(new APIConnectionTimeoutError()).kind).toBe('retryable');
    expect(classifyOpenAIError(new APIUserAbortError()).kind).toBe('aborted');
    const limited = classifyOpenAIError(
      new RateLimitError(429, { message: 'slow' }, 'slow', new Headers({ 'retry-after': '3' })),
    );
    expect(limited).toMatchObject({ kind: 'retryable', retryAfterMs: 3000 });
    const server = classifyOpenAIError(new InternalServerError(502, undefined, 'bad gateway', new Headers()));
    expect(server.kind).toBe('retryable');
    if (server.kind === 'retryable') expect(server.error.code).toBe('GENERATOR_TRANSIENT');
  });

  it('keeps a GeneratorError and wraps unknown errors as permanent', () => {
    const own = new GeneratorError('DECODE_ERROR', 'bad');
    expect(classifyOpenAIError(own)).toEqual({ kind: 'final', error: own });
    const unknown = classifyOpenAIError(new TypeError('boom'));
    expect(unknown.kind).toBe('final');
    if (unknown.kind === 'final') {
      expect(unknown.error.code).toBe('GENERATOR_PERMANENT');
      expect(unknown.error.message).toContain('boom');
    }
  });
});

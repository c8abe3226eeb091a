import { describe, expect, it } from 'vitest';
import { SubmissionKeys } from './submission-keys.js';

const counter = () => {
  let n = 0;
  return () => `key-${++n}`;
};
const move = { direction: 'right' as const, prompt: 'a pier', turnNonce: 'n-1' };

describe('SubmissionKeys', () => {
  it('reuses the key while the same submission is still undecided (lost answer, retry)', () => {
    const keys = new SubmissionKeys(counter());
    expect(keys.keyFor('r-1', move)).toBe('key-1');
    expect(keys.keyFor('r-1', { ...move })).toBe('key-1');
  });

  it('gives a new key once the attempt is settled (the step failed: retry is a new attempt)', () => {
    const keys = new SubmissionKeys(counter());
    keys.keyFor('r-1', move);
    keys.settle();
    expect(keys.pendingKey).toBeNull();
    expect(keys.keyFor('r-1', move)).toBe('key-2');
  });

  it('gives a new key when anything in the submission changes', () => {
    const keys = new SubmissionKeys(counter());
    keys.keyFor('r-1', move);
    expect(keys.keyFor('r-1', { ...move, prompt: 'a pier at dusk' })).toBe('key-2');
    expect(keys.keyFor('r-1', { ...move, prompt: 'a pier at dusk', direction: 'up' })).toBe('key-3');
    expect(keys.keyFor('r-1', { ...move, prompt: 'a pier at dusk', direction: 'up', turnNonce: 'n-2' })).toBe(
      'key-4',
    );
    expect(keys.keyFor('r-2', { ...move, prompt: 'a pier at dusk', direction: 'up', turnNonce: 'n-2' })).toBe(
      'key-5',
    );
  });

  it('uses crypto.randomUUID by default', () => {
    expect(new SubmissionKeys().keyFor('r-1', move)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

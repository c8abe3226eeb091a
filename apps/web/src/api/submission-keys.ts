import type { SubmitStepInput } from './client.js';

/**
 * Idempotency keys for step submissions. A key names one *attempt*: resubmitting the same
 * body after a lost answer (network error, timeout, 5xx) must reuse it so the server answers
 * with the step it already accepted instead of debiting twice. Once the server has decided
 * (accepted then failed, or refused), the attempt is over and the next submission, even
 * with the same prompt, gets a fresh key — otherwise the server would replay the failure.
 */
export class SubmissionKeys {
  #pending: { fingerprint: string; key: string } | null = null;
  readonly #newKey: () => string;

  constructor(newKey: () => string = () => crypto.randomUUID()) {
    this.#newKey = newKey;
  }

  /** The key to send with `input` to `roomId`: the pending one if it is the same submission. */
  keyFor(roomId: string, input: SubmitStepInput): string {
    const fingerprint = JSON.stringify([roomId, input.turnNonce, input.direction, input.prompt]);
    if (this.#pending?.fingerprint === fingerprint) return this.#pending.key;
    const key = this.#newKey();
    this.#pending = { fingerprint, key };
    return key;
  }

  /** The server decided the attempt (accepted, refused, or its step failed): forget the key. */
  settle(): void {
    this.#pending = null;
  }

  get pendingKey(): string | null {
    return this.#pending?.key ?? null;
  }
}

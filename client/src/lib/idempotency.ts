/** A random key, 1-128 characters as the API requires. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * One checkout attempt = one idempotency key. Retrying the same request (double click, network error, timeout)
 * reuses the key, so the API places at most one order. Changing what is ordered (address, payment method) is a
 * new attempt with a new key; after an order is placed the attempt is finished and the next one gets a fresh key.
 */
export class CheckoutAttempt {
  private key: string | null = null;
  private fingerprint: string | null = null;

  constructor(private readonly generate: () => string = newIdempotencyKey) {}

  keyFor(request: unknown): string {
    const fingerprint = JSON.stringify(request);
    if (this.key === null || fingerprint !== this.fingerprint) {
      this.key = this.generate();
      this.fingerprint = fingerprint;
    }
    return this.key;
  }

  /** The order was placed: the next checkout is a new attempt. */
  complete(): void {
    this.key = null;
    this.fingerprint = null;
  }

  get currentKey(): string | null {
    return this.key;
  }
}

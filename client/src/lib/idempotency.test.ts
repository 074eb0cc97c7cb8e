import { CheckoutAttempt, newIdempotencyKey } from './idempotency';

const order = { shippingAddress: { name: 'Rahim', phone: '01712345678', line1: 'Road 5', city: 'Dhaka' }, paymentMethod: 'cod' };

describe('CheckoutAttempt', () => {
  it('keeps one key across retries of the same attempt', () => {
    const attempt = new CheckoutAttempt();
    const first = attempt.keyFor(order);
    expect(attempt.keyFor(order)).toBe(first);
    expect(attempt.keyFor(structuredClone(order))).toBe(first);
    expect(attempt.currentKey).toBe(first);
  });

  it('starts a new attempt when what is ordered changes', () => {
    const attempt = new CheckoutAttempt();
    const first = attempt.keyFor(order);
    const second = attempt.keyFor({ ...order, paymentMethod: 'bkash' });
    expect(second).not.toBe(first);
    expect(attempt.keyFor({ ...order, paymentMethod: 'bkash' })).toBe(second);
  });

  it('uses a fresh key after an order was placed', () => {
    const attempt = new CheckoutAttempt();
    const first = attempt.keyFor(order);
    attempt.complete();
    expect(attempt.currentKey).toBeNull();
    expect(attempt.keyFor(order)).not.toBe(first);
  });

  it('takes a key generator', () => {
    let n = 0;
    const attempt = new CheckoutAttempt(() => `key-${++n}`);
    expect(attempt.keyFor(order)).toBe('key-1');
    expect(attempt.keyFor(order)).toBe('key-1');
    attempt.complete();
    expect(attempt.keyFor(order)).toBe('key-2');
  });
});

describe('newIdempotencyKey', () => {
  it('makes distinct keys the API accepts (1-128 chars)', () => {
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key.length).toBeGreaterThan(0), expect(key.length).toBeLessThanOrEqual(128);
  });
});

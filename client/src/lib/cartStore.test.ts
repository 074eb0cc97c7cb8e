import { ApiClient, ApiError } from './api';
import { createCartStore, itemCount, quantityOf } from './cartStore';
import type { Cart } from './types';

function cartWith(quantity: number, available = 10): Cart {
  return {
    items: [{ productId: 'p1', sku: 'PHN-1', name: 'Walton Phone', unitPrice: 129900, quantity, lineTotal: 129900 * quantity, available }],
    subtotal: 129900 * quantity,
    currency: 'BDT',
  };
}

function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    get: vi.fn(async () => cartWith(1)),
    post: vi.fn(async () => cartWith(2)),
    put: vi.fn(async () => cartWith(5)),
    del: vi.fn(async () => ({ items: [], subtotal: 0, currency: 'BDT' })),
    ...overrides,
  } as unknown as ApiClient;
}

describe('cart store', () => {
  it('loads, adds, changes and removes lines through the API', async () => {
    const api = fakeApi();
    const store = createCartStore(api);
    const seen: number[] = [];
    store.subscribe(() => seen.push(itemCount(store.getState().cart)));

    await store.load();
    expect(itemCount(store.getState().cart)).toBe(1);
    await store.add('p1', 1);
    expect(api.post).toHaveBeenCalledWith('/cart/items', { productId: 'p1', quantity: 1 });
    expect(quantityOf(store.getState().cart, 'p1')).toBe(2);
    await store.setQuantity('p1', 5);
    expect(api.put).toHaveBeenCalledWith('/cart/items/p1', { quantity: 5 });
    expect(store.getState().cart?.subtotal).toBe(649500);
    await store.remove('p1');
    expect(api.del).toHaveBeenCalledWith('/cart/items/p1');
    expect(itemCount(store.getState().cart)).toBe(0);
    expect(seen.length).toBeGreaterThanOrEqual(8); // loading + done for each action
  });

  it('marks the line being changed as pending', async () => {
    let release!: (c: Cart) => void;
    const api = fakeApi({ put: vi.fn(() => new Promise<Cart>((r) => (release = r))) as unknown as ApiClient['put'] });
    const store = createCartStore(api);
    const pending = store.setQuantity('p1', 3);
    expect(store.getState()).toMatchObject({ pending: 'p1', loading: true });
    release(cartWith(3));
    await pending;
    expect(store.getState()).toMatchObject({ pending: null, loading: false });
  });

  it("keeps the cart and shows the API's message when stock runs out", async () => {
    const api = fakeApi({
      put: vi.fn(async () => {
        throw new ApiError(409, 'OUT_OF_STOCK', 'Not enough stock for: Walton Phone');
      }) as unknown as ApiClient['put'],
    });
    const store = createCartStore(api);
    await store.load();
    await expect(store.setQuantity('p1', 50)).resolves.toBe(false);
    expect(store.getState().error).toBe('Not enough stock for: Walton Phone');
    expect(quantityOf(store.getState().cart, 'p1')).toBe(1);
    store.dismissError();
    expect(store.getState().error).toBeNull();
  });

  it('clears and resets', async () => {
    const api = fakeApi();
    const store = createCartStore(api);
    await store.load();
    await store.clear();
    expect(api.del).toHaveBeenCalledWith('/cart');
    expect(store.getState().cart?.items).toEqual([]);
    store.reset();
    expect(store.getState().cart).toBeNull();
  });

  it('should keep the newer cart when an earlier load answers after an add', async () => {
    let answerLoad!: (c: Cart) => void;
    const api = fakeApi({ get: vi.fn(() => new Promise<Cart>((r) => (answerLoad = r))) as unknown as ApiClient['get'] });
    const store = createCartStore(api);
    const load = store.load();
    await store.add('p1', 2);
    answerLoad(cartWith(0));
    await load;
    expect(quantityOf(store.getState().cart, 'p1')).toBe(2);
    expect(store.getState()).toMatchObject({ loading: false, pending: null });
  });

  it('should stay busy until the latest change answers when an earlier one answers first', async () => {
    let answerPut!: (c: Cart) => void;
    const api = fakeApi({ put: vi.fn(() => new Promise<Cart>((r) => (answerPut = r))) as unknown as ApiClient['put'] });
    const store = createCartStore(api);
    let answerLoad!: (c: Cart) => void;
    (api.get as ReturnType<typeof vi.fn>).mockImplementationOnce(() => new Promise<Cart>((r) => (answerLoad = r)));
    const load = store.load();
    const change = store.setQuantity('p1', 5);
    answerLoad(cartWith(1));
    await load;
    expect(store.getState()).toMatchObject({ pending: 'p1', loading: true });
    answerPut(cartWith(5));
    await change;
    expect(store.getState()).toMatchObject({ pending: null, loading: false });
    expect(quantityOf(store.getState().cart, 'p1')).toBe(5);
  });

  it('should drop answers still on their way when the cart is reset', async () => {
    let answerLoad!: (c: Cart) => void;
    const api = fakeApi({ get: vi.fn(() => new Promise<Cart>((r) => (answerLoad = r))) as unknown as ApiClient['get'] });
    const store = createCartStore(api);
    const load = store.load();
    store.reset({ items: [], subtotal: 0, currency: 'BDT' });
    answerLoad(cartWith(3));
    await load;
    expect(itemCount(store.getState().cart)).toBe(0);
  });

  it('counts items', () => {
    expect(itemCount(null)).toBe(0);
    expect(itemCount(cartWith(3))).toBe(3);
    expect(quantityOf(cartWith(3), 'other')).toBe(0);
  });
});

import { useSyncExternalStore } from 'react';

import { ApiClient, errorMessage } from './api';
import type { Cart } from './types';

export interface CartState {
  cart: Cart | null;
  loading: boolean;
  /** The last failure, worded by the API (e.g. "Not enough stock for: ..."). */
  error: string | null;
  /** Product whose line is being changed, so its controls can be disabled. */
  pending: string | null;
}

export const EMPTY_CART: Cart = { items: [], subtotal: 0, currency: 'BDT' };

export function itemCount(cart: Cart | null): number {
  return cart ? cart.items.reduce((sum, item) => sum + item.quantity, 0) : 0;
}

export function quantityOf(cart: Cart | null, productId: string): number {
  return cart?.items.find((item) => item.productId === productId)?.quantity ?? 0;
}

/** A tiny store around the server-side cart: every change goes to the API and the API's cart is the truth. */
export function createCartStore(api: ApiClient) {
  let state: CartState = { cart: null, loading: false, error: null, pending: null };
  const listeners = new Set<() => void>();
  // Calls are numbered as they start. Answers can arrive out of order (a load started at sign-in may come back
  // after an "add" made since), so an answer older than the one already shown is dropped, and a reset drops every
  // answer still on its way (a cart must not come back after sign-out or after an order emptied it).
  let started = 0;
  let shown = 0;

  function set(change: Partial<CartState>): void {
    state = { ...state, ...change };
    for (const listener of [...listeners]) listener();
  }

  async function run(productId: string | null, call: () => Promise<Cart | undefined>): Promise<boolean> {
    const id = ++started;
    set({ loading: true, pending: productId, error: null });
    // Only the latest call clears the busy flags: an earlier one finishing must not re-enable a line still changing.
    const idle = () => (id === started ? { loading: false, pending: null } : {});
    try {
      const cart = await call();
      if (id > shown) {
        shown = id;
        set({ cart: cart ?? EMPTY_CART, ...idle() });
      }
      return true;
    } catch (error) {
      if (id > shown) set({ error: errorMessage(error), ...idle() });
      return false;
    }
  }

  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load: () => run(null, () => api.get<Cart>('/cart')),
    add: (productId: string, quantity: number) =>
      run(productId, () => api.post<Cart>('/cart/items', { productId, quantity })),
    setQuantity: (productId: string, quantity: number) =>
      run(productId, () => api.put<Cart>(`/cart/items/${encodeURIComponent(productId)}`, { quantity })),
    remove: (productId: string) =>
      run(productId, () => api.del<Cart>(`/cart/items/${encodeURIComponent(productId)}`)),
    clear: () =>
      run(null, async () => {
        await api.del<unknown>('/cart');
        return EMPTY_CART;
      }),
    /** Signed out, or an order emptied the cart on the server. */
    reset(cart: Cart | null = null) {
      shown = started;
      set({ cart, loading: false, error: null, pending: null });
    },
    dismissError() {
      set({ error: null });
    },
  };
}

export type CartStore = ReturnType<typeof createCartStore>;

export function useCartState(store: CartStore): CartState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

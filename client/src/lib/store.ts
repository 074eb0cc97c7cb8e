import { api } from './api';
import { createCartStore } from './cartStore';

/** The app's one cart store, bound to the app's API client. */
export const cartStore = createCartStore(api);

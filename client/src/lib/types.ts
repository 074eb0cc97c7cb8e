export interface Category {
  id: string;
  slug: string;
  name: string;
}

export interface Product {
  id: string;
  sku: string;
  slug: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  stock: number;
  category: Category;
  imageUrl: string | null;
}

export interface AdminProduct extends Product {
  stockOnHand: number;
  stockAllocated: number;
  isActive: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface User {
  id: string;
  email: string;
  name: string;
  roles: string[];
  disabled?: boolean;
}

export interface Me extends User {
  permissions: string[];
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface AuthResponse extends TokenPair {
  user: User;
  deviceToken?: string;
}

export interface CartItem {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  available: number;
}

export interface Cart {
  items: CartItem[];
  subtotal: number;
  currency: string;
}

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type PaymentMethod = 'cod' | 'card' | 'bkash';

export interface ShippingAddress {
  name: string;
  phone: string;
  line1: string;
  city: string;
  postalCode?: string;
}

export interface OrderItem {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface Order {
  id: string;
  number: string;
  status: OrderStatus;
  items: OrderItem[];
  subtotal: number;
  shippingFee: number;
  total: number;
  currency: string;
  paymentMethod: PaymentMethod;
  shippingAddress: ShippingAddress;
  createdAt: string;
  updatedAt: string;
}

export interface OrderHistoryEntry {
  from: string | null;
  to: string;
  at: string;
  actor: string;
  actorId: string | null;
  note: string | null;
}

export interface AdminOrder extends Order {
  userId: string;
  history: OrderHistoryEntry[];
}

export interface AuditEntry {
  id: string;
  actorId: string;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string;
  diff: Record<string, { from: unknown; to: unknown }>;
  at: string;
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: 'Pending payment',
  paid: 'Paid',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export const PAYMENT_LABELS: Record<PaymentMethod, string> = {
  cod: 'Cash on delivery',
  card: 'Card',
  bkash: 'bKash',
};

/** The order state machine, mirrored from the API (src/modules/order/order-status.ts). */
export const NEXT_STATUSES: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export const ADMIN_PERMISSIONS = [
  'catalog:write',
  'inventory:write',
  'orders:read',
  'orders:manage',
  'users:read',
  'users:manage',
  'audit:read',
] as const;

export const ROLES = ['customer', 'support', 'catalog_manager', 'admin'] as const;

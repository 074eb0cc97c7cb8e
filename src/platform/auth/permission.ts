export const Permission = {
  CatalogWrite: 'catalog:write',
  InventoryWrite: 'inventory:write',
  OrdersRead: 'orders:read',
  OrdersManage: 'orders:manage',
  UsersRead: 'users:read',
  UsersManage: 'users:manage',
  AuditRead: 'audit:read',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);

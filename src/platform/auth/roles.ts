import { ALL_PERMISSIONS, Permission } from './permission';

export const Role = {
  Customer: 'customer',
  Support: 'support',
  CatalogManager: 'catalog_manager',
  Admin: 'admin',
} as const;

export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.values(Role);

// The only source of truth for what each role may do.
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  customer: [],
  support: [Permission.OrdersRead, Permission.OrdersManage, Permission.UsersRead],
  catalog_manager: [Permission.CatalogWrite, Permission.InventoryWrite],
  admin: ALL_PERMISSIONS,
};

export function permissionsFor(roles: readonly string[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) {
    for (const permission of ROLE_PERMISSIONS[role as Role] ?? []) granted.add(permission);
  }
  return ALL_PERMISSIONS.filter((p) => granted.has(p));
}

export function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}

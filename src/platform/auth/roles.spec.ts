import { ALL_PERMISSIONS } from './permission';
import { isRole, permissionsFor } from './roles';

describe('roles', () => {
  it('should grant the permissions of each role and their union for several roles', () => {
    expect(permissionsFor(['customer'])).toEqual([]);
    expect(permissionsFor(['support'])).toEqual(['orders:read', 'orders:manage', 'users:read']);
    expect(permissionsFor(['catalog_manager'])).toEqual(['catalog:write', 'inventory:write']);
    expect(permissionsFor(['admin'])).toEqual([...ALL_PERMISSIONS]);
    expect(permissionsFor(['support', 'catalog_manager'])).toHaveLength(5);
  });

  it('should grant nothing for unknown roles', () => {
    expect(permissionsFor(['root', 'superuser'])).toEqual([]);
    expect(isRole('root')).toBe(false);
    expect(isRole('admin')).toBe(true);
  });
});

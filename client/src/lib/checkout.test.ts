import { EMPTY_SHIPPING, safeRedirect, toShippingAddress, validateShipping } from './checkout';

const valid = { name: 'Rahim Uddin', phone: '017-1234 5678', line1: 'House 12, Road 5, Dhanmondi', city: 'Dhaka', postalCode: '' };

describe('validateShipping', () => {
  it('accepts a complete address', () => {
    expect(validateShipping(valid)).toEqual({});
    expect(validateShipping({ ...valid, phone: '+8801712345678', postalCode: '1209' })).toEqual({});
  });
  it('names every missing field', () => {
    expect(Object.keys(validateShipping(EMPTY_SHIPPING)).sort()).toEqual(['city', 'line1', 'name', 'phone']);
  });
  it('rejects bad phone numbers and postal codes', () => {
    expect(validateShipping({ ...valid, phone: '12345' }).phone).toMatch(/Bangladeshi mobile/);
    expect(validateShipping({ ...valid, phone: '01212345678' }).phone).toBeDefined();
    expect(validateShipping({ ...valid, postalCode: '12' }).postalCode).toMatch(/4 digits/);
  });
  it('builds the API body, trimming and dropping an empty postal code', () => {
    expect(toShippingAddress({ ...valid, name: '  Rahim Uddin ' })).toEqual({
      name: 'Rahim Uddin',
      phone: '01712345678',
      line1: 'House 12, Road 5, Dhanmondi',
      city: 'Dhaka',
    });
  });
});

describe('safeRedirect', () => {
  it('follows same-site paths only', () => {
    expect(safeRedirect('/cart')).toBe('/cart');
    expect(safeRedirect('/products?q=tv&page=2')).toBe('/products?q=tv&page=2');
    expect(safeRedirect('https://evil.example')).toBe('/');
    expect(safeRedirect('//evil.example')).toBe('/');
    expect(safeRedirect(null)).toBe('/');
    expect(safeRedirect('/signin?redirect=/x')).toBe('/');
  });
});

import { diffOf } from './audit-diff';

describe('diffOf', () => {
  it('should list only changed fields, with null for a missing side', () => {
    expect(diffOf({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1, 3], c: 'y' })).toEqual({ b: { from: [1, 2], to: [1, 3] }, c: { from: 'x', to: 'y' } });
    expect(diffOf(null, { id: 'p1' })).toEqual({ id: { from: null, to: 'p1' } });
    expect(diffOf({ a: 1 }, { a: 1 })).toEqual({});
  });
});

import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
  EntityNotFoundError,
} from 'typeorm';

import { isDatabaseUnavailable } from './unavailable';

const driverError = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });
const failed = (error: Error): QueryFailedError => new QueryFailedError('SELECT 1', [], error);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['the server shutting down (admin_shutdown)', failed(driverError('57P01'))],
    ['a write on a server that became a replica', failed(driverError('25006'))],
    ['a connection exception (class 08)', failed(driverError('08006'))],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
    ['the query runner released after its connection broke', new QueryRunnerAlreadyReleasedError()],
    ['the entity manager of a released query runner', new QueryRunnerProviderAlreadyReleasedError()],
  ])('should count %s as the database being unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', failed(driverError('23505'))],
    ['a syntax error', failed(driverError('42601'))],
    ['a serialization failure', failed(driverError('40001'))],
    ['an entity not found', new EntityNotFoundError('Order', {})],
    ['a plain bug', new TypeError('undefined is not a function')],
    ['not an error at all', 'Connection terminated'],
  ])('should not count %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

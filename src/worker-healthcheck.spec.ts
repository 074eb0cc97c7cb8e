import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The explicit-file form, as swarm/autoscaler.yml runs it (the worker's own form is covered by worker.e2e-spec.ts).
describe('worker-healthcheck with a file and a maximum age', () => {
  const file = join(tmpdir(), `heartbeat-${randomUUID()}`);
  const check = (...args: string[]): number | null =>
    spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'worker-healthcheck.ts'), ...args],
      { cwd: join(__dirname, '..') },
    ).status;

  afterAll(() => rmSync(file, { force: true }));

  it('should pass on a fresh heartbeat and fail on a stale or missing one', () => {
    writeFileSync(file, String(Date.now() - 30_000));
    expect(check(file, '60000')).toBe(0);
    expect(check(file, '20000')).toBe(1);
    expect(check(`${file}-missing`, '60000')).toBe(1);
  });
});

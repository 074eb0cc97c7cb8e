import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { envOf, loadYaml } from './stack-rules';

const ROOT = join(__dirname, '..', '..');
const compose = loadYaml(join(ROOT, 'docker-compose.yml'));
const services = compose.services ?? {};

describe('docker-compose.yml (local development)', () => {
  it('should start app and worker only after the migration job completed', () => {
    for (const name of ['app', 'worker']) {
      expect(services[name].depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    }
    expect((services.migrate.command as string[]).join(' ')).toMatch(
      /node dist\/migrate\.js && node dist\/seed\.js/,
    );
    expect(services.worker.command).toEqual(['node', 'dist/worker.js']);
  });

  it('should hold no secret: every secret-like variable is a *_FILE path', () => {
    const bad = Object.entries(services).flatMap(([name, s]) =>
      Object.entries(envOf(s))
        .filter(
          ([k, v]) => /PASSWORD|SECRET|TOKEN|KEY|_URL/i.test(k) && !(/_FILE$/.test(k) && v.startsWith('/')),
        )
        .map(([k]) => `${name}: ${k}`),
    );
    expect(bad).toEqual([]);
    expect(Object.keys(envOf(services.app))).toEqual(
      expect.arrayContaining([
        'DATABASE_URL_FILE',
        'REDIS_URL_FILE',
        'JWT_SECRET_FILE',
        'SMTP_URL_FILE',
        'CHAT_WEBHOOK_URL_FILE',
      ]),
    );
  });

  it('should be accepted by docker compose config', () => {
    // The compose plugin when the docker CLI has it, else the standalone docker-compose (Debian package).
    const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    const [cmd, args] =
      !plugin.error && plugin.status === 0
        ? ['docker', ['compose', 'config', '-q']]
        : ['docker-compose', ['config', '-q']];
    const result = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
    const ran = result.error ? undefined : result;
    if (!ran) {
      throw new Error(
        'docker compose or docker-compose is required (scripts/test.sh installs docker-compose)',
      );
    }
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
  });
});

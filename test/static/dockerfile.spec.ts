import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dockerfile = readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const runtime = instructions.slice(instructions.findIndex((l) => / AS runtime$/i.test(l)));

describe('Dockerfile', () => {
  it('should take its base image as a build argument, defaulting to the official slim Node image', () => {
    expect(instructions[0]).toBe('ARG BASE_IMAGE=node:22-bookworm-slim');
    expect(
      instructions.filter((l) => l.startsWith('FROM ')).every((l) => l.startsWith('FROM ${BASE_IMAGE}')),
    ).toBe(true);
  });

  it('should run the runtime stage as a non-root user with a health check, SIGTERM and the API as default', () => {
    expect(runtime).toContain('USER node');
    expect(runtime).toContain('STOPSIGNAL SIGTERM');
    expect(runtime.some((l) => l.startsWith('HEALTHCHECK ') && l.includes('dist/healthcheck.js'))).toBe(true);
    expect(runtime[runtime.length - 1]).toBe('CMD ["node", "dist/main.js"]');
  });

  it('should carry no secret and copy only the build output and production dependencies', () => {
    expect(dockerfile).not.toMatch(/(SECRET|PASSWORD|DATABASE_URL|REDIS_URL)\s*=/);
    const copies = runtime.filter((l) => l.startsWith('COPY '));
    expect(copies.every((l) => /^COPY --from=(build|client) /.test(l))).toBe(true);
    // The built client, where the app looks for it by default (CLIENT_DIST_DIR=client/dist under WORKDIR /app).
    expect(copies).toContain('COPY --from=client /client/dist ./client/dist');
    expect(dockerfile).toContain('npm prune --omit=dev');
  });
});
